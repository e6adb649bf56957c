package io.postvault.protocol.rest;

import io.postvault.protocol.account.Account;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.account.StoreProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Internal REST (reached through the gateway): the accounts of a domain. */
@Path("/internal/domains/{domain}/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    /** Body of POST: {@code kind} PERSONAL or SHARED; {@code role} USER (default) or DOMAIN_ADMIN. */
    public record CreateAccount(String localPart, String password, String kind, String role, Long quotaBytes) {
    }

    /** Body of PUT .../password. */
    public record NewPassword(String password) {
    }

    /** Body of PUT .../role: USER or DOMAIN_ADMIN. */
    public record NewRole(String role) {
    }

    private final AccountService accounts;

    AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    public Response create(@PathParam("domain") String domain, CreateAccount body) {
        if (body == null) {
            throw new StoreProblem.InvalidInput("body", "a JSON body {localPart, password?, kind, role?, quotaBytes?}"
                    + " is required");
        }
        Account account = accounts.createAccount(domain, body.localPart(), body.password(), body.kind(), body.role(),
                body.quotaBytes());
        return Response.created(URI.create("/internal/domains/" + account.domain() + "/accounts/"
                + account.localPart())).entity(account).build();
    }

    @GET
    public List<Account> list(@PathParam("domain") String domain) {
        return accounts.accounts(domain);
    }

    @GET
    @Path("{localPart}")
    public Account get(@PathParam("domain") String domain, @PathParam("localPart") String localPart) {
        return accounts.account(domain, localPart)
                .orElseThrow(() -> new StoreProblem.NotFound("no account " + localPart + "@" + domain));
    }

    /** Deletes the account; its messages go to the archive. */
    @DELETE
    @Path("{localPart}")
    public Response delete(@PathParam("domain") String domain, @PathParam("localPart") String localPart) {
        accounts.deleteAccount(domain, localPart);
        return Response.noContent().build();
    }

    @PUT
    @Path("{localPart}/password")
    public Response changePassword(@PathParam("domain") String domain, @PathParam("localPart") String localPart,
            NewPassword body) {
        accounts.changePassword(domain, localPart, body == null ? null : body.password());
        return Response.noContent().build();
    }

    /** Sets the role; answers the account. A SHARED account cannot be DOMAIN_ADMIN (409): it cannot log in. */
    @PUT
    @Path("{localPart}/role")
    public Account changeRole(@PathParam("domain") String domain, @PathParam("localPart") String localPart,
            NewRole body) {
        return accounts.changeRole(domain, localPart, body == null ? null : body.role());
    }
}
