package io.postvault.protocol.rest;

import io.postvault.protocol.account.SharedAccess;
import io.postvault.protocol.account.StoreProblem;
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

/** Internal REST (reached through the gateway): the RFC 4314 rights of users on a shared account. */
@Path("/internal/accounts/{shared}/acl")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SharedAccessResource {

    /** Body of PUT: the rights letters (lrswipkxtea), replacing those the user had. */
    public record SetRights(String rights) {
    }

    private final SharedAccess access;

    SharedAccessResource(SharedAccess access) {
        this.access = access;
    }

    @GET
    public List<SharedAccess.Grant> list(@PathParam("shared") String shared) {
        return access.grants(shared);
    }

    @GET
    @Path("{user}")
    public SharedAccess.Grant get(@PathParam("shared") String shared, @PathParam("user") String user) {
        return access.grant(shared, user)
                .orElseThrow(() -> new StoreProblem.NotFound(user + " has no rights on " + shared));
    }

    @PUT
    @Path("{user}")
    public SharedAccess.Grant set(@PathParam("shared") String shared, @PathParam("user") String user,
            SetRights body) {
        if (body == null) {
            throw new StoreProblem.InvalidInput("body", "a JSON body {rights} is required");
        }
        return access.grant(shared, user, body.rights());
    }

    @DELETE
    @Path("{user}")
    public Response revoke(@PathParam("shared") String shared, @PathParam("user") String user) {
        access.revoke(shared, user);
        return Response.noContent().build();
    }
}
