package io.postvault.gateway.upstream;

import io.postvault.gateway.rest.Problem;

/** An internal service answered with an error: the gateway passes its problem on (same status, type and detail). */
public class UpstreamProblem extends RuntimeException {

    /** 507: the account is over its quota (a restore); the service is working, so it is no failure of it. */
    private static final int INSUFFICIENT_STORAGE = 507;

    private final transient Problem problem;

    public UpstreamProblem(Problem problem) {
        super(problem.status() + " " + problem.type() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** A server-side failure of the internal service (counts against its circuit breaker); 507 is not one. */
    public boolean serverError() {
        return problem.status() >= 500 && problem.status() != INSUFFICIENT_STORAGE;
    }

    /** 502, 503 or 504: the service or something in front of it is passing trouble; a read may be tried again. */
    public boolean worthRetrying() {
        return problem.status() == 502 || problem.status() == 503 || problem.status() == 504;
    }
}
