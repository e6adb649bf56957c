package io.postvault.gateway.api;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the authentication paths ({@code /api/v1/auth/...}) and of protocol-service's password check. */
public final class Auth {

    private Auth() {
    }

    /** Body of {@code POST /api/v1/auth/login}. */
    @Schema(name = "Login")
    public record Login(
            @Schema(required = true, description = "the account's address", example = "postmaster@example.com")
            String username,
            @Schema(required = true) String password) {
    }

    /** A login's answer: the bearer token and who it stands for. */
    @Schema(name = "Session")
    public record Session(
            @Schema(description = "Authorization: Bearer <token>; shown once") String token,
            Instant expiresAt,
            @Schema(enumeration = {"DOMAIN_ADMIN", "USER"}) String role,
            @Schema(example = "example.com") String domain,
            @Schema(example = "postmaster@example.com") String address) {
    }

    /** Who the bearer token of this request stands for. */
    @Schema(name = "Caller")
    public record Me(
            @Schema(enumeration = {"PLATFORM_ADMIN", "DOMAIN_ADMIN", "USER"}) String role,
            @Schema(nullable = true, example = "example.com") String domain,
            @Schema(nullable = true, example = "alice@example.com") String address) {
    }

    /** Body of {@code POST /api/v1/auth/tokens}: a token for an integrator, bound to a role and its tenant. */
    @Schema(name = "CreateApiToken")
    public record CreateToken(
            @Schema(required = true, description = "what the token is for, 1-100 characters", example = "billing sync")
            String name,
            @Schema(required = true, enumeration = {"PLATFORM_ADMIN", "DOMAIN_ADMIN", "USER"}) String role,
            @Schema(description = "required for DOMAIN_ADMIN", nullable = true, example = "example.com") String domain,
            @Schema(description = "required for USER", nullable = true, example = "alice@example.com") String address,
            @Schema(description = "ISO-8601 UTC, in the future; none: until revoked", nullable = true)
            String expiresAt) {
    }

    /** An API token as listed (never its secret). */
    @Schema(name = "ApiToken")
    public record ApiToken(UUID id, String name, String role, @Schema(nullable = true) String domain,
            @Schema(nullable = true) String address, String createdBy, Instant createdAt,
            @Schema(nullable = true) Instant expiresAt, @Schema(nullable = true) Instant revokedAt) {
    }

    /** A token just made: its secret, shown this once, and its record. */
    @Schema(name = "NewApiToken")
    public record NewToken(@Schema(description = "Authorization: Bearer <token>; shown once, stored hashed") String token,
            ApiToken apiToken) {
    }

    /** Body of protocol-service's {@code POST /internal/logins}. */
    public record Credentials(String address, String password) {
    }

    /** protocol-service's answer to a good password. */
    public record VerifiedLogin(String address, String domain, String role, String kind) {
    }
}
