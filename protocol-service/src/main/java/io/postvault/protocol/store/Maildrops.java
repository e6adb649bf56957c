package io.postvault.protocol.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The POP3 view of an account: its INBOX, locked for one session at a time across all replicas. Blocking. */
public interface Maildrops {

    /** Takes the maildrop lock, or returns empty when another session (on any replica) holds it: {@code [IN-USE]}. */
    Optional<MaildropLock> lock(Mailbox mailbox);

    /** The messages of the INBOX in UID order (POP3 message numbers are positions in this list, from 1). */
    List<Pop3Message> list(Mailbox mailbox);

    /** The message bytes, streamed from object storage. */
    InputStream open(Pop3Message message);

    /**
     * The message bytes when this replica holds them in memory, else empty. Unlike every other method here it never
     * blocks: the event loop may call it and read the stream.
     */
    Optional<InputStream> openInMemory(Pop3Message message);

    /** A held maildrop lock: a lease that the session renews while it lives, released on close. */
    interface MaildropLock extends AutoCloseable {

        /** Extends the lease; false when it was lost (expired and taken by another session). */
        boolean renew();

        /**
         * The UPDATE state, in one transaction: when the lease is still this session's, removes the messages and
         * releases the lease; each message that was the last live copy in the account gets its {@code message.removed}
         * event (reason POP3_DELETE, direction RECEIVED) in the outbox, so the archive keeps it. False when the lease
         * was lost to another session: nothing removed (deleting would act on that session's view). Throws when the
         * store fails: nothing removed, the lease still held (close it).
         */
        boolean update(List<Pop3Message> messages);

        @Override
        void close();
    }
}
