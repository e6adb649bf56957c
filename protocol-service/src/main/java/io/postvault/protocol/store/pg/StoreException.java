package io.postvault.protocol.store.pg;

/** The database failed a store operation (unreachable, serialization failure ...): a temporary failure. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
