package io.postvault.common.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * An RFC 9457 problem detail, the body of every error of a service's internal REST API. {@code column} (an extension
 * member, omitted when null) is the 1-based position of an error in a query, where a service reports one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, Integer column) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://postvault.io/problems/";

    public static Problem of(String slug, Response.Status status, String detail) {
        return new Problem(URI.create(TYPES + slug), status.getReasonPhrase(), status.getStatusCode(), detail, null);
    }

    public Problem at(Integer column) {
        return new Problem(type, title, status, detail, column);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
