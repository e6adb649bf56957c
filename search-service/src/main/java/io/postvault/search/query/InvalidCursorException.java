package io.postvault.search.query;

/** A cursor that this search did not give out (another sort order, or not a cursor at all). */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException(String message) {
        super(message);
    }
}
