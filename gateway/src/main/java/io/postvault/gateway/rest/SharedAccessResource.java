package io.postvault.gateway.rest;

import io.postvault.gateway.api.Grant;
import io.postvault.gateway.api.Requests;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who reaches a SHARED account, with which RFC 4314 rights (served by protocol-service). A user is a PERSONAL account
 * of the same domain, named by its local part or its address; a user of another domain is refused here, before any
 * internal call, so the answer says nothing of other tenants.
 */
@Path("/api/v1/domains/{domain}/accounts/{shared}/acl")
@Tag(name = "shared accounts")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class SharedAccessResource {

    /** The grants on one shared account (named for the OpenAPI document). */
    @Schema(name = "GrantPage")
    public record GrantPage(List<Grant> items,
            @Schema(nullable = true, description = "always null: every grant is on the one page") String nextCursor) {
    }

    private final Upstreams.Protocol protocol;

    SharedAccessResource(Upstreams.Protocol protocol) {
        this.protocol = protocol;
    }

    @GET
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "The users of a shared account and their rights, by user address")
    @APIResponse(responseCode = "200", description = "every grant on the shared account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GrantPage.class)))
    @APIResponse(responseCode = "400", description = "invalid domain or shared account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a PERSONAL account has no users",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public GrantPage list(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(description = "local part of the SHARED account", example = "team") @PathParam("shared")
            String shared) {
        String account = shared(domain, shared);
        return new GrantPage(protocol.guard().read(() -> protocol.access().grants(account)), null);
    }

    @PUT
    @Path("{user}")
    @Allow(Role.DOMAIN_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set (create or replace) the rights of a user on a shared account")
    @APIResponse(responseCode = "200", description = "the grant, its rights in canonical order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Grant.class)))
    @APIResponse(responseCode = "400", description = "invalid rights letters; a user that is not a PERSONAL account"
            + " of the domain (field names it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such shared account or user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the account is PERSONAL: only SHARED accounts have users",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Grant grant(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(description = "local part of the SHARED account", example = "team") @PathParam("shared")
            String shared,
            @Parameter(description = "the user: local part or address of a PERSONAL account of the domain",
                    example = "alice") @PathParam("user") String user,
            Requests.SetRights body) {
        String account = shared(domain, shared);
        String member = user(domain, user);
        Inputs.body(body, "{rights}");
        Requests.SetRights valid = new Requests.SetRights(Inputs.rights("rights", body.rights()));
        return protocol.guard().write(() -> protocol.access().grant(account, member, valid));
    }

    @DELETE
    @Path("{user}")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "Revoke every right of a user on a shared account")
    @APIResponse(responseCode = "204", description = "revoked")
    @APIResponse(responseCode = "400", description = "invalid domain, shared account or user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such shared account, or the user had no rights on it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the account is PERSONAL: only SHARED accounts have users",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response revoke(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(description = "local part of the SHARED account", example = "team") @PathParam("shared")
            String shared,
            @Parameter(description = "the user: local part or address of an account of the domain", example = "alice")
            @PathParam("user") String user) {
        String account = shared(domain, shared);
        String member = user(domain, user);
        protocol.guard().write(() -> protocol.access().revoke(account, member));
        return Response.noContent().build();
    }

    private static String shared(String domain, String shared) {
        return Inputs.localPart("shared", shared) + "@" + Inputs.domain("domain", domain);
    }

    /** The user's address: a local part of {@code domain}, or an address that must be in it. */
    private static String user(String domain, String user) {
        String name = Inputs.domain("domain", domain);
        if (user == null || user.indexOf('@') < 0) {
            return Inputs.localPart("user", user) + "@" + name;
        }
        String address = Inputs.address("user", user);
        if (!address.endsWith("@" + name)) {
            throw new InvalidInput("user", address + " is not in " + name
                    + ": a shared account is shared with users of its own domain");
        }
        return address;
    }
}
