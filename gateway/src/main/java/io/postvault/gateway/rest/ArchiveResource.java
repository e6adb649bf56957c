package io.postvault.gateway.rest;

import io.postvault.gateway.api.ArchiveEntry;
import io.postvault.gateway.api.Page;
import io.postvault.gateway.api.Requests;
import io.postvault.gateway.api.Restored;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.upstream.RawMessages;
import io.postvault.gateway.upstream.Upstreams;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The archive of an account (served by archive-service): list, metadata, the raw {@code .eml}, restore, delete. */
@Path("/api/v1/accounts/{address}/archive")
@Tag(name = "archive")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ArchiveResource {

    /** archive-service's largest page. */
    static final int MAX_PAGE = 500;
    /** The longest folder name a restore accepts (protocol-service's mailbox names are shorter). */
    static final int MAX_FOLDER = 255;
    /** The most of a streamed message the gateway holds at a time. */
    static final int COPY_BUFFER = 64 * 1024;

    /** A page of archive entries (named for the OpenAPI document). */
    @Schema(name = "ArchiveEntryPage")
    public record ArchiveEntryPage(List<ArchiveEntry> items, @Schema(nullable = true) String nextCursor) {
    }

    private final Upstreams.Archive archive;

    ArchiveResource(Upstreams.Archive archive) {
        this.archive = archive;
    }

    @GET
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Operation(summary = "Archive entries of an account, newest first; after inclusive, before exclusive")
    @APIResponse(responseCode = "200", description = "a page of entries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ArchiveEntryPage.class)))
    @APIResponse(responseCode = "400", description = "an invalid parameter (field names it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ArchiveEntryPage list(@Parameter(example = "alice@example.com") @PathParam("address") String address,
            @Parameter(description = "ISO-8601 UTC, inclusive", example = "2026-01-01T00:00:00Z")
            @QueryParam("after") String after,
            @Parameter(description = "ISO-8601 UTC, exclusive") @QueryParam("before") String before,
            @Parameter(schema = @Schema(enumeration = {"RECEIVED", "SENT"})) @QueryParam("direction") String direction,
            @Parameter(description = "text in the From header") @QueryParam("from") String from,
            @Parameter(description = "text in the Subject") @QueryParam("subject") String subject,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "page size, 1-" + MAX_PAGE) @QueryParam("limit") String limit) {
        String account = Inputs.address("address", address);
        String validAfter = Inputs.instant("after", after);
        String validBefore = Inputs.instant("before", before);
        String validDirection = Inputs.oneOf("direction", direction, false, "RECEIVED", "SENT");
        String validFrom = Inputs.text("from", from);
        String validSubject = Inputs.text("subject", subject);
        String validCursor = Inputs.cursor("cursor", cursor);
        Integer validLimit = Inputs.limit("limit", limit, MAX_PAGE);
        Page<ArchiveEntry> page = archive.guard().read(() -> archive.client().list(account, validAfter, validBefore,
                validDirection, validFrom, validSubject, validCursor, validLimit));
        return new ArchiveEntryPage(page.items(), page.nextCursor());
    }

    @GET
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Path("{id}")
    @Operation(summary = "The metadata of one archive entry")
    @APIResponse(responseCode = "200", description = "the entry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ArchiveEntry.class)))
    @APIResponse(responseCode = "400", description = "invalid address or id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such entry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ArchiveEntry get(@Parameter(example = "alice@example.com") @PathParam("address") String address,
            @PathParam("id") String id) {
        String account = Inputs.address("address", address);
        String entry = Inputs.id("id", id);
        return archive.guard().read(() -> archive.client().entry(account, entry));
    }

    @GET
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Path("{id}/raw")
    @Produces({"message/rfc822", Problem.MEDIA_TYPE})
    @Operation(summary = "The message as archived, byte for byte (.eml), streamed")
    @APIResponse(responseCode = "200", description = "the RFC 5322 message",
            content = @Content(mediaType = "message/rfc822",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                            format = "binary")))
    @APIResponse(responseCode = "400", description = "invalid address or id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such entry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response raw(@Parameter(example = "alice@example.com") @PathParam("address") String address,
            @PathParam("id") String id) {
        String account = Inputs.address("address", address);
        String entry = Inputs.id("id", id);
        RawMessages.Raw raw = archive.raw().open(account, entry);
        StreamingOutput body = out -> {
            try (InputStream in = raw.body()) {
                pass(in, out);
            }
        };
        Response.ResponseBuilder response = Response.ok(body, "message/rfc822")
                .header("Content-Disposition", raw.contentDisposition()
                        .orElse("attachment; filename=\"" + entry + ".eml\""));
        raw.contentLength().ifPresent(length -> response.header("Content-Length", length));
        return response.build();
    }

    /** Copies as the bytes come: what has arrived is flushed on whenever the service pauses, never held back. */
    static void pass(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    @POST
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Path("{id}/restore")
    @Operation(summary = "Put an archived message back into a folder of its account (byte for byte); it leaves the "
            + "archive. Without a body or folder it goes to the folder Restored")
    @APIResponse(responseCode = "200", description = "where the message now is",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Restored.class)))
    @APIResponse(responseCode = "400", description = "invalid address, id or folder",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such entry, or no such folder",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "the message is larger than the live store accepts",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "507", description = "the account or its domain is over its quota; the entry stays "
            + "archived", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Restored restore(@Parameter(example = "alice@example.com") @PathParam("address") String address,
            @PathParam("id") String id, Requests.Restore body) {
        return restoreTo(address, id, body == null ? null : body.folder());
    }

    /** The same without a body (no Content-Type, which the JSON method would refuse with 415): the default folder. */
    @POST
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Path("{id}/restore")
    @Operation(hidden = true)
    public Restored restoreToDefault(@PathParam("address") String address, @PathParam("id") String id) {
        return restoreTo(address, id, null);
    }

    private Restored restoreTo(String address, String id, String requestedFolder) {
        String account = Inputs.address("address", address);
        String entry = Inputs.id("id", id);
        String folder = requestedFolder == null ? null : Inputs.label("folder", requestedFolder, MAX_FOLDER);
        return archive.guard().write(() -> archive.client().restore(account, entry, new Requests.Restore(folder)));
    }

    @DELETE
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Path("{id}")
    @Operation(summary = "Delete an archive entry for good")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "400", description = "invalid address or id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such entry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@Parameter(example = "alice@example.com") @PathParam("address") String address,
            @PathParam("id") String id) {
        String account = Inputs.address("address", address);
        String entry = Inputs.id("id", id);
        archive.guard().write(() -> archive.client().delete(account, entry));
        return Response.noContent().build();
    }
}
