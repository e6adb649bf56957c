package io.postvault.quota.ledger;

import io.postvault.events.data.QuotaScope;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the usage ledger: a domain or an account, its plan quota (or cap), its occupied and archive usage and its
 * open eviction episode ({@code evictionRequestId} null when none).
 */
public record LedgerRow(QuotaScope scope, String key, String domain, String address, Long quotaBytes,
                        long occupiedBytes, long occupiedCount, long archiveBytes, long archiveCount, boolean deleted,
                        UUID evictionRequestId, long evictionRequestedBytes, long evictionFreedBytes,
                        Instant evictionRequestedAt, Instant updatedAt) {

    /** Occupied plus archives: what the plan's quota covers. */
    public long usedBytes() {
        return occupiedBytes + archiveBytes;
    }

    /** The bytes left under the quota (never negative), or null without a quota. */
    public Long freeBytes() {
        return quotaBytes == null ? null : Math.max(0, quotaBytes - usedBytes());
    }
}
