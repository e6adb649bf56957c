package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapSyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Flags as clients send them (RFC 3501 section 2.3.2): system flags made canonical, keywords kept as given. */
public final class Flags {

    private static final Set<String> SYSTEM = Set.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft");

    private Flags() {
    }

    /** Canonical system flags; keywords as given; \Recent and unknown system flags refused. */
    public static Set<String> of(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String flag : raw) {
            if (flag.startsWith("\\")) {
                out.add(SYSTEM.stream().filter(f -> f.equalsIgnoreCase(flag)).findFirst()
                        .orElseThrow(() -> new ImapSyntaxException("Invalid flag " + flag)));
            } else {
                out.add(flag);
            }
        }
        return out;
    }
}
