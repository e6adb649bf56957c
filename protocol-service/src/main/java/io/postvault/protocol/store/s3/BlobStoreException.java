package io.postvault.protocol.store.s3;

/** The object store could not be reached or refused a request: a temporary failure for the caller. */
public class BlobStoreException extends Exception {

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
