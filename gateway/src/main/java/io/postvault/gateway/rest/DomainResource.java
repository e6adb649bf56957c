package io.postvault.gateway.rest;

import io.postvault.gateway.api.Domain;
import io.postvault.gateway.api.Requests;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.auth.Tokens;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Domains (served by protocol-service). */
@Path("/api/v1/domains")
@Tag(name = "domains")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class DomainResource {

    private final Upstreams.Protocol protocol;
    private final Tokens tokens;

    DomainResource(Upstreams.Protocol protocol, Tokens tokens) {
        this.protocol = protocol;
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a domain with its plan (disk quota in bytes)")
    @APIResponse(responseCode = "201", description = "created; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Domain.class)))
    @APIResponse(responseCode = "400", description = "invalid name or quotaBytes (field names which)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the domain exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(Requests.CreateDomain body) {
        Inputs.body(body, "{name, quotaBytes}");
        Requests.CreateDomain valid = new Requests.CreateDomain(Inputs.domain("name", body.name()),
                Inputs.bytes("quotaBytes", body.quotaBytes(), true));
        Domain domain = protocol.guard().write(() -> protocol.client().createDomain(valid));
        return Response.created(URI.create("/api/v1/domains/" + domain.name())).entity(domain).build();
    }

    @GET
    @Path("{domain}")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "A domain: its plan and live usage")
    @APIResponse(responseCode = "200", description = "the domain",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Domain.class)))
    @APIResponse(responseCode = "400", description = "not a domain name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such domain",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Domain get(@Parameter(example = "example.com") @PathParam("domain") String domain) {
        String name = Inputs.domain("domain", domain);
        return protocol.guard().read(() -> protocol.client().domain(name));
    }

    @DELETE
    @Path("{domain}")
    @Operation(summary = "Delete a domain with all its accounts (their messages go to the archive) and revoke its tokens")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "400", description = "not a domain name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such domain",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@Parameter(example = "example.com") @PathParam("domain") String domain) {
        String name = Inputs.domain("domain", domain);
        protocol.guard().write(() -> protocol.client().deleteDomain(name));
        tokens.revokeDomain(name);
        return Response.noContent().build();
    }
}
