package io.postvault.gateway.api;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where a restored archive entry went: appended to a folder of its account, and gone from the archive. */
@Schema(name = "Restored")
public record Restored(
        UUID archiveId,
        @Schema(example = "Restored") String folder,
        @Schema(description = "the folder's UIDVALIDITY") long uidValidity,
        @Schema(description = "the message's UID in the folder") long uid,
        @Schema(description = "bytes of the message") long size) {
}
