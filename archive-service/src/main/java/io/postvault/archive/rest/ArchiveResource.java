package io.postvault.archive.rest;

import io.postvault.archive.config.ArchiveConfig;
import io.postvault.archive.service.ArchiveListing;
import io.postvault.archive.service.ArchiveService;
import io.postvault.archive.service.RestoreService;
import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.common.rest.Problem;
import io.postvault.common.rest.ProblemException;
import io.postvault.events.data.Direction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The internal archive API, reached through the gateway (which authenticates and scopes every call to its tenant).
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class ArchiveResource {

    /** A page of entries and the cursor of the next page (null on the last). */
    public record PageView(List<ArchiveEntryView> items, String nextCursor) {
    }

    /** The body of a restore; every member optional. */
    public record RestoreRequest(String folder) {
    }

    /** Where a restored entry went: the folder, UIDVALIDITY and UID of the message appended there. */
    public record RestoredView(UUID archiveId, String folder, long uidValidity, long uid, String blobId, long size) {
    }

    private final ArchiveService archive;
    private final RestoreService restore;
    private final ArchiveConfig.Api config;

    ArchiveResource(ArchiveService archive, RestoreService restore, ArchiveConfig config) {
        this.archive = archive;
        this.restore = restore;
        this.config = config.api();
    }

    /** The entries of an account, newest first by internal date; {@code after} inclusive, {@code before} exclusive. */
    @GET
    @Path("/accounts/{address}/archive")
    public PageView list(@PathParam("address") String address, @QueryParam("after") String after,
            @QueryParam("before") String before, @QueryParam("direction") String direction,
            @QueryParam("from") String from, @QueryParam("subject") String subject,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        ArchiveListing.Filter filter = new ArchiveListing.Filter(instant("after", after), instant("before", before),
                direction(direction), text(from), text(subject));
        Optional<ArchiveListing.Cursor> position = Optional.empty();
        if (cursor != null && !cursor.isBlank()) {
            position = Optional.of(ArchiveListing.Cursor.decode(cursor)
                    .orElseThrow(() -> ProblemException.invalid("cursor", "not a cursor of this API")));
        }
        ArchiveListing.Page page = archive.list(address, filter, position, limit(limit));
        return new PageView(page.items().stream().map(ArchiveEntryView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("/accounts/{address}/archive/{id}")
    public ArchiveEntryView get(@PathParam("address") String address, @PathParam("id") String id) {
        return ArchiveEntryView.of(entry(address, id));
    }

    /** The message as archived, byte for byte, streamed from the object store. */
    @GET
    @Path("/accounts/{address}/archive/{id}/raw")
    @Produces({"message/rfc822", Problem.MEDIA_TYPE})
    public Response raw(@PathParam("address") String address, @PathParam("id") String id) {
        ArchiveEntry entry = entry(address, id);
        InputStream bytes = archive.open(entry);
        StreamingOutput body = out -> {
            try (bytes) {
                bytes.transferTo(out);
            }
        };
        return Response.ok(body, "message/rfc822")
                .header("Content-Length", entry.size)
                .header("Content-Disposition", "attachment; filename=\"" + entry.id + ".eml\"")
                .build();
    }

    /**
     * Appends the entry, byte for byte, to a folder of its account (default {@code Restored}) through protocol-service,
     * then removes it from the archive. protocol-service's refusals come back as they are: 404 unknown account or
     * folder, 507 over quota, 413 too large; 502 when it cannot be reached. The entry stays archived on any failure.
     */
    @POST
    @Path("/accounts/{address}/archive/{id}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestoredView restore(@PathParam("address") String address, @PathParam("id") String id,
            RestoreRequest request) {
        return restoreTo(address, id, request == null ? null : request.folder());
    }

    /** The same without a body: to the default folder. */
    @POST
    @Path("/accounts/{address}/archive/{id}/restore")
    public RestoredView restoreToDefault(@PathParam("address") String address, @PathParam("id") String id) {
        return restoreTo(address, id, null);
    }

    private RestoredView restoreTo(String address, String id, String requestedFolder) {
        String folder = requestedFolder == null ? config.restoreFolder() : requestedFolder;
        if (folder.isBlank()) {
            throw ProblemException.invalid("folder", "a folder name, or no folder for " + config.restoreFolder());
        }
        RestoreService.Restored restored = restore.restore(address, uuid(id), folder);
        var message = restored.message();
        return new RestoredView(restored.archiveId(), message.folder(), message.uidValidity(), message.uid(),
                message.blobId(), message.size());
    }

    /** Deletes an entry (and emits {@code archive.deleted}). */
    @DELETE
    @Path("/accounts/{address}/archive/{id}")
    public Response delete(@PathParam("address") String address, @PathParam("id") String id) {
        if (!archive.delete(address, uuid(id))) {
            throw ProblemException.notFound("no archive entry " + id + " for " + address);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/accounts/{address}/archive/totals")
    public ArchiveService.ArchiveTotals accountTotals(@PathParam("address") String address) {
        return archive.accountTotals(address);
    }

    @GET
    @Path("/domains/{domain}/archive/totals")
    public ArchiveService.ArchiveTotals domainTotals(@PathParam("domain") String domain) {
        return archive.domainTotals(domain);
    }

    private ArchiveEntry entry(String address, String id) {
        return archive.find(address, uuid(id))
                .orElseThrow(() -> ProblemException.notFound("no archive entry " + id + " for " + address));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no archive entry " + id);
        }
    }

    private static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "not an ISO-8601 UTC time (2026-01-31T12:00:00Z): " + value);
        }
    }

    private static Optional<Direction> direction(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Direction.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("direction", "RECEIVED or SENT, not " + value);
        }
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private int limit(String value) {
        if (value == null || value.isBlank()) {
            return config.defaultPageSize();
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= config.maxPageSize()) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid("limit", "a number from 1 to " + config.maxPageSize() + ", not " + value);
    }
}
