package io.postvault.search.query;

/** A query that cannot be parsed or run; {@code column} (1-based, null when unknown) is where the error is. */
public class InvalidQueryException extends RuntimeException {

    private final Integer column;

    public InvalidQueryException(String message, Integer column) {
        super(message);
        this.column = column;
    }

    public Integer column() {
        return column;
    }
}
