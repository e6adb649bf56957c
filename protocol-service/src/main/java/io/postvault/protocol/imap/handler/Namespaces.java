package io.postvault.protocol.imap.handler;

import io.postvault.protocol.account.Rights;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.SharedMailboxes;

/**
 * The session's namespaces (RFC 2342): the personal one without prefix, and the shared accounts the user holds rights
 * on under {@code Shared/<address>/} (as Dovecot's shared namespace {@code Shared/%u/}). "Shared" and
 * "Shared/address" are containers, never folders: a personal folder cannot take those names. Resolving a shared name
 * reads the user's rights from the store: blocking.
 */
public final class Namespaces {

    /** The shared namespace's root; its prefix is this plus the delimiter. */
    public static final String SHARED = "Shared";
    public static final String PREFIX = SHARED + "/";

    private Namespaces() {
    }

    /** The session-visible name of a shared account's folder. */
    public static String name(SharedMailboxes.Reach reach, String folder) {
        return PREFIX + reach.shared().address() + "/" + folder;
    }

    public static boolean inShared(String name) {
        return name.equals(SHARED) || name.startsWith(PREFIX);
    }

    /**
     * The folder a name leads to. A shared account the user has no right on does not exist for the user
     * (NONEXISTENT, as RFC 4314 section 4 asks of a mailbox without the {@code l} right); the containers are not
     * mailboxes (NONEXISTENT too: they cannot be selected, created or deleted).
     */
    public static Target resolve(ImapContext ctx, String name) {
        if (!inShared(name)) {
            return new Target(ctx.account(), name, new Rights(Rights.ALL));
        }
        String rest = name.substring(Math.min(name.length(), PREFIX.length()));
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new MailboxException(MailboxException.Code.NONEXISTENT,
                    name + " is a namespace level, not a mailbox");
        }
        SharedMailboxes.Reach reach = ctx.shared().reach(ctx.account(), rest.substring(0, slash))
                .orElseThrow(() -> new MailboxException(MailboxException.Code.NONEXISTENT, "No such mailbox"));
        String folder = rest.substring(slash + 1);
        if (folder.equalsIgnoreCase("INBOX")) {
            folder = "INBOX";
        } else if (folder.regionMatches(true, 0, "INBOX/", 0, 6)) {
            folder = "INBOX" + folder.substring(5);
        }
        return new Target(reach.shared(), folder, reach.rights());
    }
}
