package io.postvault.common.rest;

import jakarta.ws.rs.core.Response;

/** A request that cannot be served, with the problem to answer. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalid(String parameter, String detail) {
        return new ProblemException(Problem.of("invalid-parameter", Response.Status.BAD_REQUEST,
                parameter + ": " + detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", Response.Status.NOT_FOUND, detail));
    }
}
