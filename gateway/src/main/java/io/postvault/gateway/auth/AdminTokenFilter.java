package io.postvault.gateway.auth;

import io.postvault.gateway.config.GatewayConfig;
import io.postvault.gateway.rest.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Until API tokens and logins exist, every {@code /api/v1} call needs the bootstrap platform-admin token as a bearer
 * token. Compared in constant time.
 */
public class AdminTokenFilter {

    private final byte[] adminToken;

    AdminTokenFilter(GatewayConfig config) {
        this.adminToken = config.adminToken().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter
    public Response requireAdminToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized("a bearer token is required");
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, adminToken)) {
            return unauthorized("the bearer token is not valid");
        }
        return null;
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of("unauthorized", Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"postvault\"").build();
    }
}
