package io.postvault.quota.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** An RFC 9457 problem detail, the body of every error this service's REST API returns (as the gateway's). */
public record Problem(URI type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://postvault.io/problems/";

    public static Problem of(String slug, Response.Status status, String detail) {
        return new Problem(URI.create(TYPES + slug), status.getReasonPhrase(), status.getStatusCode(), detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
