package io.postvault.events.data;

import java.time.Instant;

/** A message entered a folder: {@code message.delivered} (LMTP) or {@code message.appended} (IMAP APPEND/COPY, restore). */
public record NewMessage(String address, String folder, long uidValidity, long uid, String blobId, long size,
                         Instant internalDate, MessageSummary summary) implements EventData {
}
