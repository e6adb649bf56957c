package io.postvault.events.data;

/**
 * Occupied space of the scope (live messages; archives do not count) has passed {@code thresholdPercent} of its quota:
 * new mail will soon be refused. Emitted once per crossing; the next one comes only after usage fell back below the
 * re-arm level.
 */
public record QuotaWarning(QuotaScope scope, @Nullable String address, long quotaBytes, long occupiedBytes,
                           int thresholdPercent) implements EventData {
}
