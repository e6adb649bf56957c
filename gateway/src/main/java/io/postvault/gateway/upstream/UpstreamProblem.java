package io.postvault.gateway.upstream;

import io.postvault.gateway.rest.Problem;

/** An internal service answered with an error: the gateway passes its problem on (same status, type and detail). */
public class UpstreamProblem extends RuntimeException {

    private final transient Problem problem;

    public UpstreamProblem(Problem problem) {
        super(problem.status() + " " + problem.type() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** A server-side failure of the internal service (counts against its circuit breaker). */
    public boolean serverError() {
        return problem.status() >= 500;
    }

    /** 502, 503 or 504: the service or something in front of it is passing trouble; a read may be tried again. */
    public boolean worthRetrying() {
        return problem.status() == 502 || problem.status() == 503 || problem.status() == 504;
    }
}
