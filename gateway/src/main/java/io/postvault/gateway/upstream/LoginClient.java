package io.postvault.gateway.upstream;

import io.postvault.gateway.api.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** protocol-service's password check (io.postvault.protocol.rest.LoginResource): 200 who, or 401 problem. */
@Path("/internal/logins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface LoginClient {

    @POST
    Auth.VerifiedLogin login(Auth.Credentials body);
}
