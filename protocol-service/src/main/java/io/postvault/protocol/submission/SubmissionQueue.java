package io.postvault.protocol.submission;

import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SpooledMessage;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable relay queue of submitted messages. Blocking: call from a worker thread.
 *
 * <p>A row is claimed for one relay attempt with a lease, so replicas never relay the same row at once and the rows of
 * a crashed replica are retried once their lease ran out.
 */
public interface SubmissionQueue {

    /** How many messages the account submitted since {@code since}, whatever became of them (the hourly limit). */
    int submittedSince(UUID accountId, Instant since);

    /**
     * Stores the message bytes (content-addressed), then in ONE transaction the queue row and the
     * {@code message.submitted} event (direction SENT for the archive). Once this returns, the message is durable.
     * The background relay leaves the row alone until {@code firstDue}: the submitting session makes the first attempt
     * (and if its replica dies first, the row is due then).
     */
    QueuedMessage enqueue(Mailbox sender, SpooledMessage message, String envelopeFrom, List<String> recipients,
            Instant firstDue);

    /** Claims one row for an attempt now (the submitting session's first attempt); empty when it is not due or leased. */
    Optional<QueuedMessage> claim(long id, Duration lease);

    /** Claims up to {@code max} rows whose next attempt is due. */
    List<QueuedMessage> claimDue(int max, Duration lease);

    /** The stored bytes of a queued message; the caller closes the stream. */
    InputStream open(QueuedMessage message);

    /** The smarthost took the message: the row is done and its blob no longer held for relaying. */
    void relayed(long id, String reply);

    /** The attempt failed temporarily: release the lease, try again at {@code next} for {@code recipients} only. */
    void retryAt(long id, Instant next, String reply, List<String> recipients);

    /** Given up for good (permanent refusal or queue lifetime over): the row is done, its reply kept. */
    void failed(long id, String reply);

    /** Deletes done rows finished before {@code before}; returns how many. */
    int purgeFinished(Instant before);
}
