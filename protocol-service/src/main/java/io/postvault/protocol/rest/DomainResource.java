package io.postvault.protocol.rest;

import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.account.Domain;
import io.postvault.protocol.account.StoreProblem;
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

/** Internal REST (reached through the gateway): domains and their plan quota. */
@Path("/internal/domains")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DomainResource {

    /** Body of POST /internal/domains. */
    public record CreateDomain(String name, Long quotaBytes) {
    }

    private final AccountService accounts;

    DomainResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    public Response create(CreateDomain body) {
        if (body == null) {
            throw new StoreProblem.InvalidInput("body", "a JSON body {name, quotaBytes} is required");
        }
        Domain domain = accounts.createDomain(body.name(), body.quotaBytes());
        return Response.created(URI.create("/internal/domains/" + domain.name())).entity(domain).build();
    }

    @GET
    @Path("{name}")
    public Domain get(@PathParam("name") String name) {
        return accounts.domain(name);
    }

    /** Deletes the domain with all its accounts; their messages go to the archive. */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        accounts.deleteDomain(name);
        return Response.noContent().build();
    }
}
