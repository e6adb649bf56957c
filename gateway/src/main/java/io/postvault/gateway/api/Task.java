package io.postvault.gateway.api;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A long task of an internal service (a reindex) and its progress. */
@Schema(name = "Task")
public record Task(
        UUID id,
        @Schema(example = "reindex") String kind,
        @Schema(enumeration = {"counting", "indexing", "swapping", "succeeded", "failed"}) String state,
        @Schema(description = "messages done") long done,
        @Schema(description = "messages in all, once counted", nullable = true) Long total,
        @Schema(description = "messages per second", nullable = true) Double ratePerSecond,
        @Schema(description = "seconds left, while indexing", nullable = true) Long etaSeconds,
        Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(description = "why it failed", nullable = true) String error) {
}
