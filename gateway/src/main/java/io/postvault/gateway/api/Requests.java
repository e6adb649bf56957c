package io.postvault.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the public API. */
public final class Requests {

    private Requests() {
    }

    /** Body of {@code POST /api/v1/domains}. */
    @Schema(name = "CreateDomain")
    public record CreateDomain(
            @Schema(required = true, example = "example.com") String name,
            @Schema(required = true, description = "the plan: disk quota in bytes", minimum = "1",
                    example = "10737418240") Long quotaBytes) {
    }

    /** Body of {@code POST /api/v1/domains/{domain}/accounts}. */
    @Schema(name = "CreateAccount")
    public record CreateAccount(
            @Schema(required = true, example = "alice") String localPart,
            @Schema(description = "8 to 1024 characters; a PERSONAL account without one cannot log in yet; a SHARED "
                    + "account has none", nullable = true) String password,
            @Schema(required = true, enumeration = {"PERSONAL", "SHARED"}) String kind,
            @Schema(enumeration = {"USER", "DOMAIN_ADMIN"}, defaultValue = "USER", nullable = true) String role,
            @Schema(description = "optional cap of the account in bytes", minimum = "1", nullable = true)
            Long quotaBytes) {
    }

    /** Body of {@code PUT .../password}. */
    @Schema(name = "NewPassword")
    public record NewPassword(@Schema(required = true, description = "8 to 1024 characters") String password) {
    }

    /** Body of {@code PUT .../accounts/{localPart}/role}. */
    @Schema(name = "NewRole")
    public record NewRole(
            @Schema(required = true, enumeration = {"USER", "DOMAIN_ADMIN"},
                    description = "DOMAIN_ADMIN: a postmaster of the domain; a SHARED account can only be USER")
            String role) {
    }

    /** Body of {@code PUT .../accounts/{shared}/acl/{user}}. */
    @Schema(name = "SetRights")
    public record SetRights(
            @Schema(required = true, description = "RFC 4314 rights letters among lrswipkxtea (l lookup, r read, "
                    + "s keep seen, w write flags, i insert, p post, k create folders, x delete folders, t delete "
                    + "messages, e expunge, a administer), replacing those the user had", example = "lrswite")
            String rights) {
    }

    /** Body of {@code POST .../archive/{id}/restore}; optional, as is its folder. */
    @Schema(name = "Restore")
    public record Restore(
            @Schema(description = "the folder to append to; archive-service's default (Restored) when absent",
                    nullable = true, example = "INBOX") String folder) {
    }
}
