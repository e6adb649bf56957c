package io.postvault.quota.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.postvault.common.rest.Problem;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Request bodies that are not the JSON expected, as problem+json naming the field (beside common's mappers). */
public class JsonProblemMappers {

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : String.valueOf(r.getIndex())).collect(Collectors.joining("."))
                : "body";
        return Problem.of("invalid-parameter", Response.Status.BAD_REQUEST, field + ": not valid JSON of the"
                + " expected type").toResponse();
    }

    /** Overrides Quarkus' own mapper of this Jackson exception (a value of the wrong type, such as "lots" bytes). */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return badJson(e);
    }
}
