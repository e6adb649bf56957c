package io.postvault.gateway.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The RFC 4314 rights of one user (a PERSONAL account) on a SHARED account of the same domain. */
@Schema(name = "Grant")
public record Grant(
        @Schema(description = "the shared account", example = "team@example.com") String shared,
        @Schema(description = "the user", example = "alice@example.com") String user,
        @Schema(description = "RFC 4314 rights in canonical order (lrswipkxtea)", example = "lrswite") String rights,
        Instant grantedAt) {
}
