package io.postvault.gateway.upstream;

import io.postvault.gateway.api.Account;
import io.postvault.gateway.api.Domain;
import io.postvault.gateway.api.Requests;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** protocol-service's internal REST API (io.postvault.protocol.rest.DomainResource and AccountResource). */
@Path("/internal/domains")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ProtocolClient {

    @POST
    Domain createDomain(Requests.CreateDomain body);

    @GET
    @Path("{name}")
    Domain domain(@PathParam("name") String name);

    @DELETE
    @Path("{name}")
    void deleteDomain(@PathParam("name") String name);

    @POST
    @Path("{domain}/accounts")
    Account createAccount(@PathParam("domain") String domain, Requests.CreateAccount body);

    @GET
    @Path("{domain}/accounts")
    List<Account> accounts(@PathParam("domain") String domain);

    @GET
    @Path("{domain}/accounts/{localPart}")
    Account account(@PathParam("domain") String domain, @PathParam("localPart") String localPart);

    @DELETE
    @Path("{domain}/accounts/{localPart}")
    void deleteAccount(@PathParam("domain") String domain, @PathParam("localPart") String localPart);

    @PUT
    @Path("{domain}/accounts/{localPart}/password")
    void changePassword(@PathParam("domain") String domain, @PathParam("localPart") String localPart,
            Requests.NewPassword body);

    @PUT
    @Path("{domain}/accounts/{localPart}/role")
    Account changeRole(@PathParam("domain") String domain, @PathParam("localPart") String localPart,
            Requests.NewRole body);
}
