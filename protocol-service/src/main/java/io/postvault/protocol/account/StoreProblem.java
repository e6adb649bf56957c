package io.postvault.protocol.account;

/** A request the store refuses, with a meaning the REST layer turns into a problem response. */
public abstract sealed class StoreProblem extends RuntimeException {

    StoreProblem(String detail) {
        super(detail);
    }

    /** The input is not acceptable (HTTP 400); {@code field} names what is wrong. */
    public static final class InvalidInput extends StoreProblem {
        private final String field;

        public InvalidInput(String field, String detail) {
            super(field + ": " + detail);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** No such domain or account (HTTP 404). */
    public static final class NotFound extends StoreProblem {
        public NotFound(String detail) {
            super(detail);
        }
    }

    /** It exists already, or its state forbids the change (HTTP 409). */
    public static final class Conflict extends StoreProblem {
        public Conflict(String detail) {
            super(detail);
        }
    }
}
