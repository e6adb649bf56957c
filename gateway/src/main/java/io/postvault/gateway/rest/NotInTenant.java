package io.postvault.gateway.rest;

/**
 * A request about another tenant's domain or account: answered {@code 404 .../not-found} like one that does not
 * exist, so that the caller learns nothing of other tenants.
 */
public class NotInTenant extends RuntimeException {

    public NotInTenant(String detail) {
        super(detail, null, false, false);
    }
}
