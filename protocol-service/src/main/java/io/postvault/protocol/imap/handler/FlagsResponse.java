package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.session.SelectedFolder;
import java.util.Collection;
import java.util.List;

/**
 * The FLAGS response and PERMANENTFLAGS code of the selected mailbox (RFC 3501 sections 7.2.6 and 7.1): sent by SELECT
 * and EXAMINE, and sent again, as Dovecot does, before a FETCH shows a keyword the session was not told of (one this
 * or another session stored after the SELECT, or that came with a new message). Clients learn the mailbox's flags from
 * it; imaptest reports a keyword "used without being in FLAGS".
 */
final class FlagsResponse {

    private static final String SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    private FlagsResponse() {
    }

    static void write(ImapContext ctx, SelectedFolder selected) {
        lines(selected).forEach(ctx::write);
    }

    /** The FLAGS response and the PERMANENTFLAGS code, without their line ends. */
    static List<String> lines(SelectedFolder selected) {
        StringBuilder flags = new StringBuilder(SYSTEM_FLAGS);
        selected.keywords().forEach(k -> flags.append(' ').append(k));
        return List.of("* FLAGS (" + flags + ")",
                "* OK [PERMANENTFLAGS (" + (selected.readOnly() ? "" : permanent(selected)) + ")] Flags permitted");
    }

    /** Before {@code flags} are shown: the FLAGS response again if they hold a keyword the session was not told of. */
    static void before(ImapContext ctx, SelectedFolder selected, Collection<String> flags) {
        if (selected.define(flags)) {
            write(ctx, selected);
        }
    }

    /** The flags the user may change (RFC 4314 section 4: s for \Seen, t for \Deleted, w for the others). */
    private static String permanent(SelectedFolder selected) {
        StringBuilder out = new StringBuilder();
        for (String flag : SYSTEM_FLAGS.split(" ")) {
            if (StoreRights.may(selected.rights(), flag)) {
                out.append(out.length() == 0 ? "" : " ").append(flag);
            }
        }
        if (selected.rights().has('w')) {
            selected.keywords().forEach(k -> out.append(' ').append(k));
            out.append(" \\*");
        }
        return out.toString();
    }
}
