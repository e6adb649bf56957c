package io.postvault.gateway.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Plans and usage (served by quota-service, io.postvault.quota.rest.QuotaResource and GaugeView). */
public final class Usage {

    private Usage() {
    }

    /** A plan: the domain's quota, or an account's cap (null: none, the domain plan alone applies). */
    @Schema(name = "Plan")
    public record Plan(@Schema(example = "example.com") String domain,
            @Schema(nullable = true, example = "alice@example.com") String address,
            @Schema(nullable = true, example = "10737418240") Long quotaBytes) {
    }

    /** Body of PUT .../plan. */
    @Schema(name = "PlanChange")
    public record PlanChange(@Schema(description = "bytes; for an account null removes its cap", nullable = true,
            minimum = "1", example = "10737418240") Long quotaBytes) {
    }

    /**
     * The gauge: the nightly snapshot's figures with its time (null before the first snapshot) and the live figures
     * of the real-time ledger.
     */
    @Schema(name = "Gauge")
    public record Gauge(@Schema(nullable = true) Long quotaBytes, @Schema(nullable = true) Long occupiedBytes,
            @Schema(nullable = true) Long archiveBytes, @Schema(nullable = true) Long freeBytes,
            @Schema(nullable = true) Instant snapshotAt, Live live) {
    }

    /** The live figures. */
    @Schema(name = "LiveUsage")
    public record Live(long occupiedBytes, long occupiedCount, long archiveBytes, long archiveCount,
            @Schema(nullable = true) Long freeBytes, Instant at) {
    }

    /** One day of the gauge's history (its snapshot). */
    @Schema(name = "UsageDay")
    public record Day(LocalDate day, @Schema(nullable = true) Long quotaBytes, long occupiedBytes, long archiveBytes,
            @Schema(nullable = true) Long freeBytes, long occupiedCount, long archiveCount, Instant snapshotAt) {
    }

    /** One account in a domain's ranking by usage. */
    @Schema(name = "AccountUsage")
    public record AccountUsage(String address, @Schema(nullable = true) Long quotaBytes, long occupiedBytes,
            long occupiedCount, long archiveBytes, long archiveCount,
            @Schema(description = "occupied + archives") long usedBytes,
            @Schema(description = "the account is deleted; its archives still count") boolean deleted) {
    }

    /** quota-service's list envelope. */
    public record Items<T>(List<T> items) {
    }

    /** The history of a gauge, oldest day first. */
    @Schema(name = "UsageHistory")
    public record History(List<Day> items, @Schema(nullable = true) String nextCursor) {
    }

    /** A domain's accounts, the largest first. */
    @Schema(name = "AccountUsagePage")
    public record AccountUsagePage(List<AccountUsage> items, @Schema(nullable = true) String nextCursor) {
    }
}
