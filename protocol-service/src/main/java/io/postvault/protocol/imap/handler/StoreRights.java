package io.postvault.protocol.imap.handler;

import io.postvault.protocol.account.Rights;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which flags a user may change (RFC 4314 section 4): {@code s} for \Seen, {@code t} for \Deleted, {@code w} for every
 * other flag and keyword. STORE and APPEND silently leave out the flags the user may not set, as the RFC asks (a
 * tagged NO to STORE is handled badly by deployed clients); STORE fails only when none of its flags may change.
 */
final class StoreRights {

    private StoreRights() {
    }

    static boolean may(Rights rights, String flag) {
        return switch (flag) {
            case "\\Seen" -> rights.has('s');
            case "\\Deleted" -> rights.has('t');
            default -> rights.has('w');
        };
    }

    /** The flags among {@code flags} the user may change. */
    static Set<String> allowed(Rights rights, Set<String> flags) {
        Set<String> out = new LinkedHashSet<>();
        for (String flag : flags) {
            if (may(rights, flag)) {
                out.add(flag);
            }
        }
        return out;
    }

    /** True when the user may change every flag (a STORE FLAGS replacing them all needs that). */
    static boolean all(Rights rights) {
        return rights.has('s') && rights.has('t') && rights.has('w');
    }
}
