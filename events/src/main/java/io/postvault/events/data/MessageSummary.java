package io.postvault.events.data;

import java.time.Instant;

/** The header summary that travels with message events, so consumers act without fetching the blob. */
public record MessageSummary(@Nullable String from, @Nullable String to, @Nullable String cc,
                             @Nullable String subject, @Nullable String messageId, @Nullable Instant date,
                             boolean hasAttachments) {
}
