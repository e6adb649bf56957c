package io.postvault.protocol.store;

import io.postvault.protocol.account.Rights;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The shared accounts a user reaches over IMAP (RFC 4314 rights) and the user's own state on them (subscriptions).
 * Rights hold for every folder of a shared account: one access control list per shared account. A domain's
 * administrators (DOMAIN_ADMIN accounts) hold the {@code a} right on every shared account of their domain. Blocking.
 */
public interface SharedMailboxes {

    /** A shared account as one user reaches it. */
    record Reach(Mailbox shared, Rights rights) {
    }

    /** One entry of a shared account's access control list. */
    record Entry(String user, Rights rights) {
    }

    /** Every shared account of the user's domain on which the user holds some right, by address. */
    List<Reach> reachable(Mailbox user);

    /** The shared account {@code address} if the user holds some right on it. */
    Optional<Reach> reach(Mailbox user, String address);

    /** The access control list of a shared account, by user address. */
    List<Entry> acl(Mailbox shared);

    /**
     * Sets the rights of {@code user} (an address) on the shared account; null rights remove them (nothing to remove
     * is fine). Refusals are {@link io.postvault.protocol.account.StoreProblem}s.
     */
    void setRights(Mailbox shared, String user, Rights rights);

    /** Ids of the shared folders the user subscribed to. */
    Set<Long> subscriptions(Mailbox user);

    /** Subscribes the user to a folder of a shared account, or unsubscribes. NONEXISTENT. */
    void subscribe(Mailbox user, Mailbox shared, String folder, boolean subscribed);
}
