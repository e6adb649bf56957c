package io.postvault.gateway.rest;

import io.postvault.gateway.api.Account;
import io.postvault.gateway.api.Page;
import io.postvault.gateway.api.Requests;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.auth.Tokens;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The accounts of a domain (served by protocol-service). protocol-service answers the whole list; the gateway pages
 * it by local part so the public list has the usual {@code {items, nextCursor}} shape.
 */
@Path("/api/v1/domains/{domain}/accounts")
@Tag(name = "accounts")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AccountResource {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 500;

    /** A page of accounts (named for the OpenAPI document). */
    @Schema(name = "AccountPage")
    public record AccountPage(List<Account> items, @Schema(nullable = true) String nextCursor) {
    }

    private final Upstreams.Protocol protocol;
    private final Tokens tokens;

    AccountResource(Upstreams.Protocol protocol, Tokens tokens) {
        this.protocol = protocol;
        this.tokens = tokens;
    }

    @POST
    @Allow(Role.DOMAIN_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account: PERSONAL (with a password to log in) or SHARED (IMAP-only, no password)")
    @APIResponse(responseCode = "201", description = "created; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Account.class)))
    @APIResponse(responseCode = "400", description = "an invalid field (field names it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such domain",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the account exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@Parameter(example = "example.com") @PathParam("domain") String domain,
            Requests.CreateAccount body) {
        String name = Inputs.domain("domain", domain);
        Inputs.body(body, "{localPart, password?, kind, role?, quotaBytes?}");
        Requests.CreateAccount valid = new Requests.CreateAccount(Inputs.localPart("localPart", body.localPart()),
                body.password() == null ? null : Inputs.password("password", body.password()),
                Inputs.oneOf("kind", body.kind(), true, "PERSONAL", "SHARED"),
                Inputs.oneOf("role", body.role(), false, "USER", "DOMAIN_ADMIN"),
                Inputs.bytes("quotaBytes", body.quotaBytes(), false));
        Account account = protocol.guard().write(() -> protocol.client().createAccount(name, valid));
        return Response.created(URI.create("/api/v1/domains/" + account.domain() + "/accounts/"
                + account.localPart())).entity(account).build();
    }

    @GET
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "The accounts of a domain with their usage, by local part, a page at a time")
    @APIResponse(responseCode = "200", description = "a page of accounts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccountPage.class)))
    @APIResponse(responseCode = "400", description = "invalid domain, cursor or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such domain",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AccountPage list(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "page size, 1-" + MAX_PAGE + " (default " + DEFAULT_PAGE + ")")
            @QueryParam("limit") String limit) {
        String name = Inputs.domain("domain", domain);
        String after = decodeCursor(Inputs.cursor("cursor", cursor));
        Integer size = Inputs.limit("limit", limit, MAX_PAGE);
        int pageSize = size == null ? DEFAULT_PAGE : size;
        List<Account> sorted = protocol.guard().read(() -> protocol.client().accounts(name)).stream()
                .sorted(Comparator.comparing(Account::localPart))
                .filter(a -> after == null || a.localPart().compareTo(after) > 0)
                .toList();
        List<Account> page = sorted.subList(0, Math.min(pageSize, sorted.size()));
        String next = sorted.size() > pageSize ? encodeCursor(page.get(page.size() - 1).localPart()) : null;
        return new AccountPage(page, next);
    }

    @DELETE
    @Path("{localPart}")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "Delete an account (its messages go to the archive) and revoke its tokens")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "400", description = "invalid domain or local part",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(example = "alice") @PathParam("localPart") String localPart) {
        String name = Inputs.domain("domain", domain);
        String local = Inputs.localPart("localPart", localPart);
        protocol.guard().write(() -> protocol.client().deleteAccount(name, local));
        tokens.revokeAccount(local + "@" + name);
        return Response.noContent().build();
    }

    @PUT
    @Path("{localPart}/password")
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the password of a PERSONAL account (a user: their own)")
    @APIResponse(responseCode = "204", description = "changed")
    @APIResponse(responseCode = "400", description = "invalid domain, local part or password",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a SHARED account has no password",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response changePassword(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(example = "alice") @PathParam("localPart") String localPart, Requests.NewPassword body) {
        String name = Inputs.domain("domain", domain);
        String local = Inputs.localPart("localPart", localPart);
        Inputs.body(body, "{password}");
        Requests.NewPassword valid = new Requests.NewPassword(Inputs.password("password", body.password()));
        protocol.guard().write(() -> protocol.client().changePassword(name, local, valid));
        return Response.noContent().build();
    }

    @PUT
    @Path("{localPart}/role")
    @Allow(Role.DOMAIN_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the role of an account: DOMAIN_ADMIN makes it a postmaster of the domain, USER its own"
            + " mailbox only; its console logins with the former role end")
    @APIResponse(responseCode = "200", description = "changed; the account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Account.class)))
    @APIResponse(responseCode = "400", description = "invalid domain, local part or role",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a SHARED account cannot log in, so it cannot be DOMAIN_ADMIN",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Account changeRole(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(example = "alice") @PathParam("localPart") String localPart, Requests.NewRole body) {
        String name = Inputs.domain("domain", domain);
        String local = Inputs.localPart("localPart", localPart);
        Inputs.body(body, "{role}");
        Requests.NewRole valid = new Requests.NewRole(Inputs.oneOf("role", body.role(), true, "USER", "DOMAIN_ADMIN"));
        Account account = protocol.guard().write(() -> protocol.client().changeRole(name, local, valid));
        tokens.revokeLoginsWithout(account.address(), Role.valueOf(account.role()));
        return account;
    }

    private static String encodeCursor(String localPart) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(localPart.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return Inputs.localPart("cursor", new String(Base64.getUrlDecoder().decode(cursor),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("cursor", "not a cursor of this API");
        }
    }
}
