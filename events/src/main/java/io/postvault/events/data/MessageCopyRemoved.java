package io.postvault.events.data;

/**
 * A live copy of a message left the account while another copy of the same message (its blob) stays live in it: the
 * message did not leave the account, so it is not archived ({@code message.removed} is written for the last copy
 * only). The copy is named as {@link NewMessage} named it; {@code size} is the space the copy occupied.
 */
public record MessageCopyRemoved(String address, String folder, long uidValidity, long uid, String blobId, long size,
                                 RemovalReason reason) implements EventData {
}
