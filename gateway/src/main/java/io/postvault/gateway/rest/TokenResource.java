package io.postvault.gateway.rest;

import io.postvault.gateway.api.Auth;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Caller;
import io.postvault.gateway.auth.CurrentCaller;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.auth.StoredToken;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API tokens for integrators, each bound to a role and its tenant. The platform admin makes any; a domain admin makes
 * and sees only tokens of its own domain (DOMAIN_ADMIN of it, or USER of one of its accounts). The tenant must exist
 * (protocol-service is asked), so that a token cannot wait for a domain someone else will create; deleting a domain
 * or an account revokes its tokens.
 */
@Path("/api/v1/auth/tokens")
@Tag(name = "auth")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class TokenResource {

    static final int MAX_NAME = 100;

    /** The list of API tokens (named for the OpenAPI document). */
    @Schema(name = "ApiTokenPage")
    public record ApiTokenPage(List<Auth.ApiToken> items, @Schema(nullable = true) String nextCursor) {
    }

    private final Tokens tokens;
    private final CurrentCaller current;
    private final Upstreams.Protocol protocol;

    TokenResource(Tokens tokens, CurrentCaller current, Upstreams.Protocol protocol) {
        this.tokens = tokens;
        this.current = current;
        this.protocol = protocol;
    }

    @POST
    @Allow(Role.DOMAIN_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make an API token bound to a role and tenant; its secret is shown once")
    @APIResponse(responseCode = "201", description = "made; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Auth.NewToken.class)))
    @APIResponse(responseCode = "400", description = "an invalid field (field names it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "a domain admin asked for a PLATFORM_ADMIN token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such domain or account (or not the caller's)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(Auth.CreateToken body) {
        Inputs.body(body, "{name, role, domain?, address?, expiresAt?}");
        Caller caller = current.get();
        String name = Inputs.label("name", body.name(), MAX_NAME);
        Role role = Role.valueOf(Inputs.oneOf("role", body.role(), true, "PLATFORM_ADMIN", "DOMAIN_ADMIN", "USER"));
        Instant expiresAt = Inputs.future("expiresAt", body.expiresAt(), tokens.now());
        Caller subject = switch (role) {
            case PLATFORM_ADMIN -> Caller.bootstrapAdmin();
            case DOMAIN_ADMIN -> new Caller(role, Inputs.domain("domain", body.domain()), null, null);
            case USER -> {
                String address = Inputs.address("address", body.address());
                yield new Caller(role, address.substring(address.indexOf('@') + 1), address, null);
            }
        };
        if (role == Role.PLATFORM_ADMIN && caller.role() != Role.PLATFORM_ADMIN) {
            return Problem.of("forbidden", Response.Status.FORBIDDEN,
                    "only the platform admin makes PLATFORM_ADMIN tokens").toResponse();
        }
        if (subject.domain() != null) {
            requireTenant(caller, subject);
        }
        Tokens.Issued issued = tokens.issue(StoredToken.Kind.API, subject, name, caller.label(), expiresAt);
        return Response.created(URI.create("/api/v1/auth/tokens/" + issued.token().id))
                .entity(new Auth.NewToken(issued.secret(), view(issued.token()))).build();
    }

    @GET
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "The API tokens the caller may see (a domain admin: its domain's), newest first, "
            + "revoked and expired ones included")
    @APIResponse(responseCode = "200", description = "every such token (one page)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApiTokenPage.class)))
    public ApiTokenPage list() {
        Caller caller = current.get();
        return new ApiTokenPage(tokens.apiTokens(caller.role() == Role.PLATFORM_ADMIN ? null : caller.domain())
                .stream().map(TokenResource::view).toList(), null);
    }

    @DELETE
    @Path("{id}")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "Revoke an API token (again: no change)")
    @APIResponse(responseCode = "204", description = "revoked")
    @APIResponse(responseCode = "400", description = "not a token id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such token (or not the caller's domain's)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response revoke(@Parameter(description = "the token's id") @PathParam("id") String id) {
        UUID tokenId = Inputs.uuid("id", id, "an API token");
        Caller caller = current.get();
        StoredToken token = tokens.apiToken(tokenId)
                .filter(t -> caller.role() == Role.PLATFORM_ADMIN || (t.domain != null && caller.sees(t.domain)))
                .orElse(null);
        if (token == null) {
            return Problem.of("not-found", Response.Status.NOT_FOUND, "no API token " + tokenId).toResponse();
        }
        tokens.revoke(tokenId);
        return Response.noContent().build();
    }

    /** The tenant must be the caller's and must exist: protocol-service answers 404 otherwise. */
    private void requireTenant(Caller caller, Caller subject) {
        if (!caller.sees(subject.domain())) {
            throw new NotInTenant("no domain " + subject.domain());
        }
        if (subject.address() == null) {
            protocol.guard().read(() -> protocol.client().domain(subject.domain()));
        } else {
            String local = subject.address().substring(0, subject.address().indexOf('@'));
            protocol.guard().read(() -> protocol.client().account(subject.domain(), local));
        }
    }

    private static Auth.ApiToken view(StoredToken t) {
        return new Auth.ApiToken(t.id, t.name, t.role.name(), t.domain, t.address, t.createdBy, t.createdAt,
                t.expiresAt, t.revokedAt);
    }
}
