package io.postvault.protocol.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem: {@code type} is a stable URI per kind of problem (clients branch on it), {@code title} its
 * summary, {@code detail} what is wrong with this request; {@code field} names the offending input, when one does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://postvault.io/problems/";

    public static final String INVALID_INPUT = BASE + "invalid-input";
    public static final String MALFORMED_REQUEST = BASE + "malformed-request";
    public static final String NOT_FOUND = BASE + "not-found";
    public static final String CONFLICT = BASE + "conflict";
    public static final String OVER_QUOTA = BASE + "over-quota";
    public static final String TOO_LARGE = BASE + "too-large";
    public static final String STORAGE_UNAVAILABLE = BASE + "storage-unavailable";
    public static final String INTERNAL_ERROR = BASE + "internal-error";
    public static final String HTTP_ERROR = BASE + "http-error";

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
