package io.postvault.deploy.stack;

/** A stack component could not be started, reached or stopped; the message says why and what to do. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
