package io.postvault.archive.livestore;

import io.postvault.common.rest.Problem;
import io.postvault.common.rest.ProblemException;
import jakarta.ws.rs.core.Response;

/**
 * A call to protocol-service that did not succeed: its own problem (404 unknown account or folder, 507 over quota, 413
 * too large) passed on as it is, or 502 when it could not be reached or answered something unreadable.
 */
public class LiveStoreException extends ProblemException {

    LiveStoreException(Problem problem) {
        super(problem);
    }

    static LiveStoreException unavailable(String what, Throwable cause) {
        LiveStoreException e = new LiveStoreException(Problem.of("live-store-unavailable", Response.Status.BAD_GATEWAY,
                "protocol-service did not answer " + what + ": " + cause.getMessage()));
        e.initCause(cause);
        return e;
    }

    static LiveStoreException unexpected(String what, int status) {
        return new LiveStoreException(Problem.of("live-store-unavailable", Response.Status.BAD_GATEWAY,
                "protocol-service answered " + status + " to " + what));
    }

    public int status() {
        return problem().status();
    }
}
