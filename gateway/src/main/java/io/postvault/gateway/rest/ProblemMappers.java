package io.postvault.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.postvault.gateway.upstream.UpstreamProblem;
import io.postvault.gateway.upstream.UpstreamUnavailable;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the public API as {@code application/problem+json}; never a stack trace or a class name. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidInput e) {
        return Problem.of("invalid-input", Response.Status.BAD_REQUEST, e.getMessage(), e.field()).toResponse();
    }

    @ServerExceptionMapper
    public Response notInTenant(NotInTenant e) {
        return Problem.of("not-found", Response.Status.NOT_FOUND, e.getMessage()).toResponse();
    }

    /** The internal service's own problem, passed on unchanged. */
    @ServerExceptionMapper
    public Response upstream(UpstreamProblem e) {
        if (e.serverError()) {
            LOG.warnf("an internal service failed: %s", e.getMessage());
        }
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response unavailable(UpstreamUnavailable e) {
        LOG.warnf("%s: %s", e.getMessage(), e.getCause() == null ? "" : e.getCause().toString());
        return Response.fromResponse(Problem.of("service-unavailable", Response.Status.SERVICE_UNAVAILABLE,
                e.service() + " is unavailable; try again later").toResponse()).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : String.valueOf(r.getIndex())).collect(Collectors.joining("."))
                : null;
        return Problem.of("malformed-request", Response.Status.BAD_REQUEST,
                field == null ? "the body is not valid JSON for this request" : field + ": has the wrong type",
                field).toResponse();
    }

    /** Overrides Quarkus' own mapper of this Jackson exception (a value of the wrong type, such as "lots" bytes). */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        Response.StatusType info = e.getResponse().getStatusInfo();
        String slug = status == 404 ? "not-found" : status == 400 ? "malformed-request"
                : status == 405 ? "method-not-allowed" : status == 415 ? "unsupported-media-type"
                : status == 406 ? "not-acceptable" : "http-error";
        return new Problem(java.net.URI.create("https://postvault.io/problems/" + slug), info.getReasonPhrase(),
                status, info.getReasonPhrase(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure of a public API request", e);
        return Problem.of("internal-error", Response.Status.INTERNAL_SERVER_ERROR,
                "the request failed unexpectedly; the server log has the details").toResponse();
    }
}
