package io.postvault.events.data;

/**
 * {@code \Seen} or {@code \Flagged} of a live message changed (IMAP STORE, or FETCH of a body that sets {@code \Seen}).
 * The message is named as {@link NewMessage} names it (folder, UIDVALIDITY, UID); {@code flags} is its state after the
 * change. One event per message changed; a change of other flags only gives none.
 */
public record MessageFlagsChanged(String address, String folder, long uidValidity, long uid, FlagState flags)
        implements EventData {
}
