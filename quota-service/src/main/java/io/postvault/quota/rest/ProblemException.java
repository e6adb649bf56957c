package io.postvault.quota.rest;

import jakarta.ws.rs.core.Response;

/** A request that cannot be served, with the problem to answer. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(String slug, Response.Status status, String detail) {
        super(detail);
        this.problem = Problem.of(slug, status, detail);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalid(String parameter, String detail) {
        return new ProblemException("invalid-parameter", Response.Status.BAD_REQUEST, parameter + ": " + detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException("not-found", Response.Status.NOT_FOUND, detail);
    }
}
