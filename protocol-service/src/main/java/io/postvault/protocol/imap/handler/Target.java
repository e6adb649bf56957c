package io.postvault.protocol.imap.handler;

import io.postvault.events.data.AccountKind;
import io.postvault.protocol.account.Rights;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.MailboxException;

/**
 * Where a mailbox name of the session leads ({@link Namespaces}): the account that owns the folder, the folder's name
 * in that account, and the session user's rights on it (every right on the user's own folders).
 */
public record Target(Mailbox owner, String folder, Rights rights) {

    public boolean shared() {
        return owner.kind() == AccountKind.SHARED;
    }

    public boolean may(char right) {
        return rights.has(right);
    }

    /** Throws {@code NO [NOPERM]} unless the user holds {@code right} (RFC 4314 section 4). */
    public Target require(char right, String what) {
        if (!rights.has(right)) {
            throw new MailboxException(MailboxException.Code.NOPERM,
                    "You need the '" + right + "' right to " + what);
        }
        return this;
    }
}
