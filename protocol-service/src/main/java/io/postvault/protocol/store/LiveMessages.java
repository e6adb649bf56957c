package io.postvault.protocol.store;

import io.postvault.events.data.MessageSummary;
import java.time.Instant;
import java.util.List;

/**
 * Every live message of an account, for the services that rebuild or export from the source of truth (search
 * reindex, the archive's ZIP backup). Blocking: call from a worker thread.
 */
public interface LiveMessages {

    /** One live message: what a {@code NewMessage} event carries, plus its flags and its MODSEQ. */
    record LiveMessage(String address, String folder, long uidValidity, long uid, String blobId, long size,
                       Instant internalDate, List<String> flags, long modSeq, MessageSummary summary) {
    }

    /** A page of messages and the cursor of the next page (null after the last). */
    record Page(List<LiveMessage> messages, String next) {
    }

    /**
     * The account's messages after {@code cursor} (null: from the start), at most {@code limit}, in a stable order:
     * a message delivered during the walk appears on a later page, one removed meanwhile is simply not listed.
     *
     * @throws IllegalArgumentException if the cursor is not one this method returned
     */
    Page page(Mailbox account, String cursor, int limit);

    /** Whether the account holds a live message whose bytes are this blob. */
    boolean holdsBlob(Mailbox account, String blobId);
}
