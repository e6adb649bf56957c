package io.postvault.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.postvault.protocol.account.StoreProblem;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.pg.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the internal REST API as {@code application/problem+json}; never a stack trace or a class name. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response storeProblem(StoreProblem problem) {
        if (problem instanceof StoreProblem.InvalidInput invalid) {
            return new Problem(Problem.INVALID_INPUT, "Invalid input", 400, invalid.getMessage(), invalid.field())
                    .toResponse();
        }
        if (problem instanceof StoreProblem.NotFound) {
            return new Problem(Problem.NOT_FOUND, "Not found", 404, problem.getMessage(), null).toResponse();
        }
        return new Problem(Problem.CONFLICT, "Conflict", 409, problem.getMessage(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response mailbox(MailboxException e) {
        return switch (e.code()) {
            case NONEXISTENT, TRYCREATE -> new Problem(Problem.NOT_FOUND, "Not found", 404,
                    "no such folder: " + e.getMessage(), "folder").toResponse();
            case CANNOT -> new Problem(Problem.INVALID_INPUT, "Invalid input", 400,
                    "folder: " + e.getMessage(), "folder").toResponse();
            case OVERQUOTA -> new Problem(Problem.OVER_QUOTA, "Over quota", 507,
                    "the account's occupied space is full: " + e.getMessage(), null).toResponse();
            default -> new Problem(Problem.CONFLICT, "Conflict", 409, e.getMessage(), null).toResponse();
        };
    }

    @ServerExceptionMapper
    public Response tooLarge(LiveMessageResource.TooLarge e) {
        return new Problem(Problem.TOO_LARGE, "Message too large", 413, e.getMessage(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response objectStoreUnavailable(LiveMessageResource.StorageUnavailable e) {
        LOG.warn("object store unavailable", e);
        return new Problem(Problem.STORAGE_UNAVAILABLE, "Storage unavailable", 503,
                "the object store could not complete the request; try again later", null).toResponse();
    }

    @ServerExceptionMapper
    public Response storageUnavailable(StoreException e) {
        LOG.warn("storage unavailable", e);
        return new Problem(Problem.STORAGE_UNAVAILABLE, "Storage unavailable", 503,
                "the database could not complete the request; try again later", null).toResponse();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : String.valueOf(r.getIndex())).collect(Collectors.joining("."))
                : null;
        return new Problem(Problem.MALFORMED_REQUEST, "Malformed request", 400,
                field == null ? "the body is not valid JSON for this request"
                        : "'" + field + "' has the wrong type", field).toResponse();
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
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        String type = status == 404 ? Problem.NOT_FOUND : status == 400 ? Problem.MALFORMED_REQUEST : Problem.HTTP_ERROR;
        return new Problem(type, title, status, title, null).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure of a REST request", e);
        return new Problem(Problem.INTERNAL_ERROR, "Internal error", 500,
                "the request failed unexpectedly; the server log has the details", null).toResponse();
    }
}
