package io.postvault.gateway.auth;

import java.util.Locale;
import java.util.UUID;

/**
 * The authenticated caller of one request and its tenant: {@code domain} for DOMAIN_ADMIN and USER, {@code address}
 * for USER; {@code tokenId} is null for the bootstrap token (it is not stored).
 */
public record Caller(Role role, String domain, String address, UUID tokenId) {

    public static Caller bootstrapAdmin() {
        return new Caller(Role.PLATFORM_ADMIN, null, null, null);
    }

    /** May this caller see anything of {@code domain}? (A user sees that their own domain exists.) */
    public boolean sees(String domain) {
        return role == Role.PLATFORM_ADMIN || domain.equals(this.domain);
    }

    /** May this caller reach the account {@code address}: everything of its domain for a domain admin, itself for a user. */
    public boolean reaches(String address) {
        String canonical = address.toLowerCase(Locale.ROOT);
        return switch (role) {
            case PLATFORM_ADMIN -> true;
            case DOMAIN_ADMIN -> canonical.endsWith("@" + domain);
            case USER -> canonical.equals(this.address);
        };
    }

    /** Who made a token, for its record: the account, the domain's admin token, or the platform admin. */
    public String label() {
        return address != null ? address : domain != null ? "admin of " + domain : "platform-admin";
    }
}
