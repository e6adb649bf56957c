package io.postvault.gateway.auth;

/**
 * Who a caller is: PLATFORM_ADMIN may do everything; DOMAIN_ADMIN (a postmaster, or an API token scoped to a domain)
 * administers one domain; USER reaches one account only.
 */
public enum Role {
    PLATFORM_ADMIN, DOMAIN_ADMIN, USER
}
