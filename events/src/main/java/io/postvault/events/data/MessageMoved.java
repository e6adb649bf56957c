package io.postvault.events.data;

/**
 * A live message moved between two folders of its account (IMAP MOVE): the same message, now named by {@code folder},
 * {@code uidValidity} and {@code uid} instead of the {@code from} ones. Nothing entered or left the account, so no
 * {@code message.appended} or {@code message.removed} is written. A move into another account is a copy
 * ({@code message.appended}) then a removal of the source ({@code message.removed} or {@code message.copy-removed}).
 *
 * @param modSeq the message's MODSEQ after the move
 */
public record MessageMoved(String address, String fromFolder, long fromUidValidity, long fromUid, String folder,
                           long uidValidity, long uid, long modSeq) implements EventData {
}
