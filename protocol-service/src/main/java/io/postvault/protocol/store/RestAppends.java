package io.postvault.protocol.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/** Appends a message given over the internal REST API (archive restore), once per idempotency key. Blocking. */
public interface RestAppends {

    /** Where the message went; {@code replayed} when an earlier request with the same key had appended it. */
    record Result(String folder, long uidValidity, long uid, String blobId, long size, boolean replayed) {
    }

    /**
     * Appends the message in {@code file} (its blob id and size computed by the caller) as IMAP APPEND does, creating
     * the folder when it does not exist. OVERQUOTA when occupied space is full; CANNOT for a name no folder can have.
     *
     * @param idempotencyKey null, or a key under which the first result is kept and returned to any repeat
     */
    Result append(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file, String blobId,
            long size, String idempotencyKey);
}
