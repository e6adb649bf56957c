package io.postvault.gateway.upstream;

import io.postvault.gateway.api.Grant;
import io.postvault.gateway.api.Requests;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** protocol-service's internal REST API of shared accounts' rights (protocol.rest.SharedAccessResource). */
@Path("/internal/accounts/{shared}/acl")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SharedAccessClient {

    @GET
    List<Grant> grants(@PathParam("shared") String shared);

    @PUT
    @Path("{user}")
    Grant grant(@PathParam("shared") String shared, @PathParam("user") String user, Requests.SetRights body);

    @DELETE
    @Path("{user}")
    void revoke(@PathParam("shared") String shared, @PathParam("user") String user);
}
