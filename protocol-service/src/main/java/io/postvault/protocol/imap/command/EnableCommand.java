package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** ENABLE capability *(SP capability) (RFC 5161); names upper case. */
public record EnableCommand(List<String> capabilities) {

    public static EnableCommand parse(ImapReader in) {
        List<String> names = new ArrayList<>();
        do {
            in.sp();
            names.add(in.atom().toUpperCase(Locale.ROOT));
        } while (!in.atEnd());
        return new EnableCommand(names);
    }
}
