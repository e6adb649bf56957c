package io.postvault.gateway.api;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message that left the live store, kept in the account's archive. */
@Schema(name = "ArchiveEntry")
public record ArchiveEntry(
        UUID id,
        @Schema(example = "alice@example.com") String address,
        @Schema(example = "example.com") String domain,
        @Schema(enumeration = {"RECEIVED", "SENT"}) String direction,
        @Schema(example = "INBOX") String originFolder,
        @Schema(description = "why it left the live store", example = "POP3_DELE") String reason,
        Instant removedAt,
        Instant internalDate,
        @Schema(description = "bytes of the message") long size,
        String from,
        String to,
        String cc,
        String subject,
        String messageId,
        boolean hasAttachments,
        Instant archivedAt) {
}
