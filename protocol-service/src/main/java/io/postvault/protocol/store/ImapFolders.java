package io.postvault.protocol.store;

import java.util.List;
import java.util.Optional;

/**
 * The folders of an account as IMAP sees them (RFC 3501 section 6.3). Names are the decoded Unicode form with "/" as the
 * hierarchy delimiter; INBOX is always "INBOX". Failures that mean something in IMAP are {@link MailboxException}s.
 * Blocking.
 */
public interface ImapFolders {

    /** A folder in a LIST answer; {@code subscribed}: its name is among the account's subscriptions. */
    record Folder(long id, String name, String specialUse, boolean subscribed) {
    }

    /**
     * The STATUS figures of a folder; {@code recent}: messages no session was told of yet (RFC 3501 \Recent);
     * {@code deleted}: messages flagged \Deleted (RFC 9051 STATUS DELETED); {@code folderId}: the folder's row, which
     * keeps its id through renames and is never reused (its MAILBOXID, RFC 8474).
     */
    record Status(long messages, long unseen, long uidNext, long uidValidity, long highestModseq, long size,
                  long recent, long deleted, long folderId) {
    }

    /**
     * The occupied-space limits delivery enforces (RFC 9208 STORAGE): the account's bytes and optional cap (-1: none),
     * the domain's bytes and plan.
     */
    record Quota(long accountOccupied, long accountCap, long domainOccupied, long domainQuota) {
    }

    /** Every folder of the account, sorted by name. */
    List<Folder> list(Mailbox account);

    Optional<Status> status(Mailbox account, String name);

    /**
     * STATUS as {@code viewer} sees it: on a shared account's folder UNSEEN counts the viewer's own \Seen
     * ({@link ImapMessages#viewedBy}).
     */
    Optional<Status> status(Mailbox account, String name, Mailbox viewer);

    /**
     * Creates a folder (and missing parents); {@code specialUse} may be null. ALREADYEXISTS, CANNOT.
     *
     * @return the new folder's id
     */
    long create(Mailbox account, String name, String specialUse);

    /** Deletes a folder; its messages leave through the removal path (last-copy rule). NONEXISTENT, CANNOT. */
    void delete(Mailbox account, String name);

    /** Renames a folder and its children. NONEXISTENT, ALREADYEXISTS, CANNOT. */
    void rename(Mailbox account, String from, String to);

    Quota quota(Mailbox account);

    /**
     * Subscribes to a name or unsubscribes from it. A subscription is a name (RFC 3501 section 6.3.6): it may be taken
     * before its folder exists and stays when the folder is deleted; RENAME moves it with its folder. CANNOT for an
     * invalid name.
     */
    void subscribe(Mailbox account, String name, boolean subscribed);

    /** The names the account subscribed to (its own folders', existing or not), sorted. */
    List<String> subscriptions(Mailbox account);
}
