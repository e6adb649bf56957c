package io.postvault.common.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors every service maps alike: each becomes {@code application/problem+json} with a stable type; never a
 * stack trace or a class name. A service adds mappers of its own exceptions beside these.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final String service;

    ProblemMappers(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.service = service;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        String slug = switch (status) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case BAD_REQUEST -> "bad-request";
            default -> status.getStatusCode() >= 500 ? "internal-error" : "client-error";
        };
        String detail = status == Response.Status.NOT_FOUND ? "no such resource" : status.getReasonPhrase();
        return Problem.of(slug, status, detail).toResponse();
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected error serving a request", e);
        return Problem.of("internal-error", Response.Status.INTERNAL_SERVER_ERROR,
                service + " could not serve this request; see the service log").toResponse();
    }
}
