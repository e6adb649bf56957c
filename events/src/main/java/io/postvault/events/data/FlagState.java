package io.postvault.events.data;

/**
 * The flags of a live message that other services act on, as of a MODSEQ: {@code \Seen} and {@code \Flagged} (other
 * flags and keywords change nothing outside the mail store and are not carried). On a SHARED account these are the
 * flags stored on the message, shared by every user; a user's private {@code \Seen} is not carried.
 *
 * @param modSeq the message's MODSEQ when it had these flags: a consumer keeps the state of the highest one
 */
public record FlagState(boolean seen, boolean flagged, long modSeq) {
}
