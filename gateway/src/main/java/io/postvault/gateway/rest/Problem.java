package io.postvault.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, the body of every error the public API returns: {@code type} is a stable URI per kind
 * of problem (clients branch on it), {@code detail} what is wrong with this request, {@code field} the offending input
 * when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(example = "https://postvault.io/problems/invalid-input") URI type,
        @Schema(example = "Bad Request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "name: 'example' is not a fully qualified domain name") String detail,
        @Schema(description = "the offending input, when one is", example = "name") String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://postvault.io/problems/";

    public static Problem of(String slug, Response.Status status, String detail) {
        return of(slug, status, detail, null);
    }

    public static Problem of(String slug, Response.Status status, String detail, String field) {
        return new Problem(URI.create(TYPES + slug), status.getReasonPhrase(), status.getStatusCode(), detail, field);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
