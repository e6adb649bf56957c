package io.postvault.events.data;

import java.time.Instant;

/**
 * A message entered a folder: {@code message.delivered} (LMTP) or {@code message.appended} (IMAP APPEND/COPY, restore).
 *
 * @param flags its {@code \Seen} and {@code \Flagged} as it arrived (an APPEND, COPY or restore may set them); null
 *              for a delivery, and in events written before the field existed: neither flag
 */
public record NewMessage(String address, String folder, long uidValidity, long uid, String blobId, long size,
                         Instant internalDate, MessageSummary summary, @Nullable FlagState flags) implements EventData {
}
