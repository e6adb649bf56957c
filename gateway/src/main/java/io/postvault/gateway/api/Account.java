package io.postvault.gateway.api;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account and its live usage; never its password. */
@Schema(name = "Account")
public record Account(
        UUID id,
        @Schema(example = "alice@example.com") String address,
        @Schema(example = "alice") String localPart,
        @Schema(example = "example.com") String domain,
        @Schema(enumeration = {"PERSONAL", "SHARED"}) String kind,
        @Schema(enumeration = {"USER", "DOMAIN_ADMIN"}) String role,
        @Schema(description = "optional cap of the account in bytes; null: the domain plan only", nullable = true)
        Long quotaBytes,
        long occupiedBytes,
        long messageCount,
        Instant createdAt) {
}
