package io.postvault.archive.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.postvault.events.data.Direction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What {@code manifest.json} says of one message of a backup. A live message has its folder, UIDVALIDITY, UID and
 * flags; an archived one its entry id, direction, origin folder and removal time. {@code size} and {@code sha256} are
 * those of the bytes written to the ZIP.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(String path, Kind kind, UUID archiveId, String folder, Long uidValidity, Long uid,
                            List<String> flags, Direction direction, Instant internalDate, Instant removedAt,
                            Long size, String sha256) {

    /** Where a message of the backup was when the backup read it. */
    public enum Kind {
        live, archived
    }

    public static ManifestEntry live(String folder, long uidValidity, long uid, List<String> flags,
            Instant internalDate) {
        return new ManifestEntry(null, Kind.live, null, folder, uidValidity, uid, List.copyOf(flags), null,
                internalDate, null, null, null);
    }

    public static ManifestEntry archived(UUID archiveId, String originFolder, Direction direction, Instant internalDate,
            Instant removedAt) {
        return new ManifestEntry(null, Kind.archived, archiveId, originFolder, null, null, null, direction,
                internalDate, removedAt, null, null);
    }

    ManifestEntry written(String writtenPath, long writtenSize, String digest) {
        return new ManifestEntry(writtenPath, kind, archiveId, folder, uidValidity, uid, flags, direction,
                internalDate, removedAt, writtenSize, digest);
    }
}
