package io.postvault.archive.storage;

/** A blob an event or an entry points at is not in the bucket it must be in. */
public class BlobMissingException extends RuntimeException {

    private final String blobId;

    public BlobMissingException(String blobId, String bucket) {
        super("blob " + blobId + " is missing from bucket " + bucket);
        this.blobId = blobId;
    }

    public String blobId() {
        return blobId;
    }
}
