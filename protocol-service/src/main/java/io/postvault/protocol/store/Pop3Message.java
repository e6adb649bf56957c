package io.postvault.protocol.store;

/**
 * One message of a POP3 maildrop (the INBOX).
 *
 * @param messageId the store's id of the message row
 * @param uidl      the unique-id listing, stable forever for this message (RFC 1939: 1-70 chars in 0x21-0x7E)
 * @param size      exact octets RETR sends before byte-stuffing (CRLF line endings)
 * @param blobId    the content address of the bytes
 */
public record Pop3Message(long messageId, String uidl, long size, String blobId) {
}
