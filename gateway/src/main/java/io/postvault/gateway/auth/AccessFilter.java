package io.postvault.gateway.auth;

import io.postvault.gateway.config.GatewayConfig;
import io.postvault.gateway.rest.Inputs;
import io.postvault.gateway.rest.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authentication and tenancy of every {@code /api/} request, before its resource method runs:
 * <ol>
 * <li>the bearer token: the bootstrap platform-admin token (compared in constant time) or a stored login/API token
 * ({@link Tokens}); else 401;</li>
 * <li>the tenant in the path: {@code {address}}, or {@code {domain}} with or without {@code {localPart}}. Outside the
 * caller's tenant the answer is {@code 404 .../not-found}, the same as for a domain or account that does not exist,
 * so a caller learns nothing of other tenants;</li>
 * <li>the role: PLATFORM_ADMIN always, others when the method's {@link Allow} names them; else
 * {@code 403 .../forbidden} (only inside the caller's own tenant, which it knows exists).</li>
 * </ol>
 * Methods marked {@link Anonymous} skip all three. Runs on a worker thread for blocking methods (every public method is).
 */
public class AccessFilter {

    private final byte[] adminToken;
    private final Tokens tokens;
    private final CurrentCaller current;

    AccessFilter(GatewayConfig config, Tokens tokens, CurrentCaller current) {
        this.adminToken = config.adminToken().getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
        this.current = current;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        current.clientIp(http.remoteAddress() == null ? "unknown" : http.remoteAddress().host());
        Method method = resource.getResourceMethod();
        if (method == null || method.isAnnotationPresent(Anonymous.class)) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized("a bearer token is required");
        }
        Optional<Caller> caller = authenticate(header.substring(7).trim());
        if (caller.isEmpty()) {
            return unauthorized("the bearer token is not valid");
        }
        current.set(caller.get());
        Response outside = outsideTenant(caller.get(), request.getUriInfo().getPathParameters());
        if (outside != null) {
            return outside;
        }
        Allow allow = method.getAnnotation(Allow.class);
        Role role = caller.get().role();
        if (role != Role.PLATFORM_ADMIN && (allow == null || !Arrays.asList(allow.value()).contains(role))) {
            return Problem.of("forbidden", Response.Status.FORBIDDEN, "a " + role + " may not do this"
                    + (allow == null ? "; it is for the platform admin" : "")).toResponse();
        }
        return null;
    }

    private Optional<Caller> authenticate(String presented) {
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken)) {
            return Optional.of(Caller.bootstrapAdmin());
        }
        return tokens.caller(presented);
    }

    /** The 404 for a path naming another tenant; null when the path is in the caller's tenant or names none. */
    private static Response outsideTenant(Caller caller, MultivaluedMap<String, String> path) {
        String address = path.getFirst("address");
        if (address != null) {
            String canonical = Inputs.address("address", address);
            return caller.reaches(canonical) ? null : notFound("no account " + canonical);
        }
        String domain = path.getFirst("domain");
        if (domain == null) {
            return null;
        }
        String canonical = Inputs.domain("domain", domain);
        String localPart = path.getFirst("localPart");
        if (localPart != null && caller.role() == Role.USER) {
            String account = Inputs.localPart("localPart", localPart) + "@" + canonical;
            return caller.reaches(account) ? null : notFound("no account " + account);
        }
        return caller.sees(canonical) ? null : notFound("no domain " + canonical);
    }

    private static Response notFound(String detail) {
        return Problem.of("not-found", Response.Status.NOT_FOUND, detail).toResponse();
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of("unauthorized", Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"postvault\"").build();
    }
}
