package io.postvault.quota.rest;

import io.postvault.quota.gauge.Snapshots;
import io.postvault.quota.ledger.LedgerRow;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The gauge: the last snapshot's exact figures with its time, and the live ledger beside them
 * ({@code {quotaBytes, occupiedBytes, archiveBytes, freeBytes, snapshotAt, live: {...}}}). Without a snapshot yet, the
 * snapshot figures are null. {@code quotaBytes} is the current plan (an account's cap; null when it has none).
 */
public record GaugeView(Long quotaBytes, Long occupiedBytes, Long archiveBytes, Long freeBytes, Instant snapshotAt,
                        Live live) {

    /** The live figures of the real-time ledger. */
    public record Live(long occupiedBytes, long occupiedCount, long archiveBytes, long archiveCount, Long freeBytes,
                       Instant at) {
    }

    /** One day of history. */
    public record Day(LocalDate day, Long quotaBytes, long occupiedBytes, long archiveBytes, Long freeBytes,
                      long occupiedCount, long archiveCount, Instant snapshotAt) {

        static Day of(Snapshots.Snapshot s) {
            return new Day(s.day(), s.quotaBytes(), s.occupiedBytes(), s.archiveBytes(), s.freeBytes(),
                    s.occupiedCount(), s.archiveCount(), s.takenAt());
        }
    }

    static GaugeView of(LedgerRow row, Snapshots.Snapshot snapshot, Instant now) {
        Live live = new Live(row.occupiedBytes(), row.occupiedCount(), row.archiveBytes(), row.archiveCount(),
                row.freeBytes(), now);
        if (snapshot == null) {
            return new GaugeView(row.quotaBytes(), null, null, null, null, live);
        }
        Long free = row.quotaBytes() == null ? null
                : Math.max(0, row.quotaBytes() - snapshot.occupiedBytes() - snapshot.archiveBytes());
        return new GaugeView(row.quotaBytes(), snapshot.occupiedBytes(), snapshot.archiveBytes(), free,
                snapshot.takenAt(), live);
    }
}
