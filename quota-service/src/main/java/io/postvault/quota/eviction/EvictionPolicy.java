package io.postvault.quota.eviction;

import io.postvault.quota.ledger.LedgerRow;
import java.time.Duration;
import java.time.Instant;

/**
 * When to ask the archive to evict: once per episode. An episode opens when occupied + archives exceed the quota and
 * there are archives to evict; its one request asks for the bytes over (at most the archives). Further events while
 * it is open ask nothing more. It closes when usage is back within the quota, when the archive reports at least the
 * requested bytes freed (then, if still over, say because mail came in meanwhile, the next episode opens at once), or
 * when the request is older than {@code reRequestAfter} (the archive had less to evict than asked, or the request was
 * lost).
 */
public final class EvictionPolicy {

    private EvictionPolicy() {
    }

    /** What to do: close the open episode, and/or request {@code bytesToFree} (0 = no request). */
    public record Decision(boolean closeOpen, long bytesToFree) {

        static final Decision NOTHING = new Decision(false, 0);
    }

    public static Decision decide(LedgerRow row, Instant now, Duration reRequestAfter) {
        boolean open = row.evictionRequestId() != null;
        if (row.quotaBytes() == null || row.deleted()) {
            return open ? new Decision(true, 0) : Decision.NOTHING;
        }
        long over = row.usedBytes() - row.quotaBytes();
        boolean close = open && (over <= 0
                || row.evictionFreedBytes() >= row.evictionRequestedBytes()
                || !row.evictionRequestedAt().plus(reRequestAfter).isAfter(now));
        if (open && !close) {
            return Decision.NOTHING;
        }
        long bytes = Math.min(over, row.archiveBytes());
        return new Decision(close, Math.max(0, bytes));
    }
}
