package io.postvault.search.reindex;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress of one reindex, as {@code GET /internal/tasks/{id}} shows it. The total is counted from the sources
 * before indexing starts (protocol-service's message counts, archive-service's totals); messages arriving meanwhile
 * may make {@code done} pass it, and then the total follows.
 */
public final class ReindexTask {

    /** Where the task is. */
    public enum State {
        /** Asking the sources which accounts and how many messages there are. */
        COUNTING,
        /** Reading and indexing every message into the new generation. */
        INDEXING,
        /** Copying the changes of events made meanwhile, then switching searches to the new generation. */
        SWAPPING,
        SUCCEEDED,
        FAILED;

        String term() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What the API shows; rate in messages per second, ETA in seconds (null when unknown or over); the replica whose
     * index the task rebuilds.
     */
    public record View(UUID id, String kind, String replica, String state, long done, Long total,
                       Double ratePerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt, String error) {
    }

    private final UUID id = UUID.randomUUID();
    private final String replica;
    private final Instant startedAt = Instant.now();
    private final AtomicLong done = new AtomicLong();
    private volatile State state = State.COUNTING;
    private volatile Long total;
    private volatile long indexingSince;
    private volatile long endedAt;
    private volatile Instant finishedAt;
    private volatile String error;

    ReindexTask(String replica) {
        this.replica = replica;
    }

    public UUID id() {
        return id;
    }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }

    void indexing(long counted) {
        total = counted;
        indexingSince = System.nanoTime();
        state = State.INDEXING;
    }

    void indexed() {
        done.incrementAndGet();
    }

    void swapping() {
        state = State.SWAPPING;
    }

    void succeeded() {
        finish(State.SUCCEEDED, null);
    }

    void failed(String reason) {
        finish(State.FAILED, reason);
    }

    private void finish(State end, String reason) {
        error = reason;
        endedAt = System.nanoTime();
        finishedAt = Instant.now();
        state = end;
    }

    public View view() {
        State now = state;
        long count = done.get();
        Long all = total == null ? null : Math.max(total, count);
        Double rate = null;
        Long eta = null;
        if (indexingSince != 0) {
            long end = endedAt != 0 ? endedAt : System.nanoTime();
            double seconds = Math.max(1e-3, (end - indexingSince) / 1e9);
            rate = Math.round(count / seconds * 10) / 10.0;
            if (now == State.INDEXING && rate > 0) {
                eta = Math.round((all - count) / rate);
            }
        }
        return new View(id, "reindex", replica, now.term(), count, all, rate, eta, startedAt, finishedAt, error);
    }
}
