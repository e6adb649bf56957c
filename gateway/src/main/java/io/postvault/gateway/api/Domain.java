package io.postvault.gateway.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A domain with its plan quota and live usage (as protocol-service keeps them). */
@Schema(name = "Domain")
public record Domain(
        @Schema(example = "example.com") String name,
        @Schema(description = "the plan: disk quota in bytes", example = "10737418240") long quotaBytes,
        @Schema(description = "bytes of live messages of every account") long occupiedBytes,
        long messageCount,
        long accountCount,
        Instant createdAt) {
}
