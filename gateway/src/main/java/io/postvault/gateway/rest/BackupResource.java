package io.postvault.gateway.rest;

import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.upstream.RawMessages;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The backup of an account (archive-service writes it): one ZIP of its live and archived messages, passed on as
 * archive-service writes it, never held whole by the gateway. Its length is not known in advance.
 */
@Path("/api/v1/accounts/{address}/backup")
@Tag(name = "archive")
public class BackupResource {

    private final Upstreams.Archive archive;

    BackupResource(Upstreams.Archive archive) {
        this.archive = archive;
    }

    @GET
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Produces({"application/zip", Problem.MEDIA_TYPE})
    @Operation(summary = "Every live and archived message of the account as one ZIP (.eml files), streamed")
    @APIResponse(responseCode = "200", description = "the ZIP, as an attachment",
            content = @Content(mediaType = "application/zip",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "invalid address",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response backup(@Parameter(example = "alice@example.com") @PathParam("address") String address) {
        String account = Inputs.address("address", address);
        RawMessages.Raw zip = archive.raw().backup(account);
        StreamingOutput body = out -> {
            try (InputStream in = zip.body()) {
                ArchiveResource.pass(in, out);
            }
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", zip.contentDisposition()
                        .orElse("attachment; filename=\"backup-" + account + ".zip\""))
                .build();
    }
}
