package io.postvault.gateway.rest;

/** A request input the gateway refuses before calling any service (HTTP 400); {@code field} names it. */
public class InvalidInput extends RuntimeException {

    private final String field;

    public InvalidInput(String field, String detail) {
        super(field + ": " + detail, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
