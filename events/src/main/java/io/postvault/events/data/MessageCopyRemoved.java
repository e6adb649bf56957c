package io.postvault.events.data;

/**
 * A live copy of a message left the account and is not archived: another copy of the same message (its blob) stays
 * live in it, or the archive keeps the message already (the \Sent copy of a submission, archived from its
 * {@code message.submitted}; then this is also the event of its last copy). {@code message.removed} is written for the
 * last copy of a message not archived yet only. The copy is named as {@link NewMessage} named it; {@code size} is the
 * space the copy occupied.
 */
public record MessageCopyRemoved(String address, String folder, long uidValidity, long uid, String blobId, long size,
                                 RemovalReason reason) implements EventData {
}
