package io.postvault.search.rest;

import io.postvault.common.rest.Problem;
import io.postvault.search.query.InvalidQueryException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A query that does not parse: 400 problem+json with the column of the error (beside common's mappers). */
public class QueryProblemMappers {

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return Problem.of("invalid-query", Response.Status.BAD_REQUEST, e.getMessage()).at(e.column()).toResponse();
    }
}
