package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.store.ImapMessages.FlagMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * STORE sequence-set [SP "(" "UNCHANGEDSINCE" SP mod-sequence ")"] SP ("+"/"-")"FLAGS"[".SILENT"] SP flags
 * (RFC 3501 section 6.4.6, RFC 7162 section 3.1.3).
 *
 * @param unchangedSince -1 when not given
 */
public record StoreCommand(SequenceSet set, long unchangedSince, FlagMode mode, boolean silent, Set<String> flags) {

    public static StoreCommand parse(ImapReader in) {
        in.sp();
        SequenceSet set = SequenceSet.parse(in.sequenceSet());
        in.sp();
        long unchangedSince = -1;
        if (in.accept('(')) {
            if (!in.atom().equalsIgnoreCase("UNCHANGEDSINCE")) {
                throw new ImapSyntaxException("Expected UNCHANGEDSINCE");
            }
            in.sp();
            unchangedSince = in.modSequence();
            in.expect(')', ")");
            in.sp();
        }
        String item = in.atom().toUpperCase(Locale.ROOT);
        in.sp();
        List<String> raw;
        if (in.peekIs('(')) {
            raw = in.flagList();
        } else {
            raw = new ArrayList<>();
            do {
                raw.add(in.flag());
            } while (in.accept(' '));
        }
        in.end();
        boolean silent = item.endsWith(".SILENT");
        FlagMode mode = switch (silent ? item.substring(0, item.length() - 7) : item) {
            case "FLAGS" -> FlagMode.REPLACE;
            case "+FLAGS" -> FlagMode.ADD;
            case "-FLAGS" -> FlagMode.REMOVE;
            default -> throw new ImapSyntaxException("Expected FLAGS, +FLAGS or -FLAGS");
        };
        return new StoreCommand(set, unchangedSince, mode, silent, Flags.of(raw));
    }
}
