package io.postvault.archive.storage;

/** The object store failed (unreachable, refused, ...): a transient fault, unlike {@link BlobMissingException}. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String operation, Exception cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
    }
}
