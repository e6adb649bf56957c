package io.postvault.gateway.rest;

import io.postvault.gateway.api.Auth;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Anonymous;
import io.postvault.gateway.auth.Caller;
import io.postvault.gateway.auth.CurrentCaller;
import io.postvault.gateway.auth.LoginLimiter;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.auth.StoredToken;
import io.postvault.gateway.auth.Tokens;
import io.postvault.gateway.config.GatewayConfig;
import io.postvault.gateway.upstream.UpstreamProblem;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Logins of postmasters (DOMAIN_ADMIN accounts) and mailbox users: protocol-service checks the password, the gateway
 * issues a short-lived bearer token. Rate limited per address and per client IP ({@link LoginLimiter}).
 */
@Path("/api/v1/auth")
@Tag(name = "auth")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AuthResource {

    private static final Logger LOG = Logger.getLogger(AuthResource.class);

    private final Upstreams.Protocol protocol;
    private final Tokens tokens;
    private final LoginLimiter limiter;
    private final CurrentCaller current;
    private final Duration sessionTtl;

    AuthResource(Upstreams.Protocol protocol, Tokens tokens, LoginLimiter limiter, CurrentCaller current,
            GatewayConfig config) {
        this.protocol = protocol;
        this.tokens = tokens;
        this.limiter = limiter;
        this.current = current;
        this.sessionTtl = config.auth().sessionTtl();
    }

    @POST
    @Path("login")
    @Anonymous
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange an account's address and password for a short-lived bearer token")
    @APIResponse(responseCode = "200", description = "logged in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Auth.Session.class)))
    @APIResponse(responseCode = "400", description = "an invalid username or password (field names which)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "unknown address or wrong password (type .../invalid-credentials)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "too many logins of this address or from this client; "
            + "Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response login(Auth.Login body) {
        Inputs.body(body, "{username, password}");
        String address = Inputs.address("username", body.username());
        String password = Inputs.password("password", body.password());
        String ip = current.clientIp();
        Optional<Duration> wait = limiter.attempt(ip, address);
        if (wait.isPresent()) {
            LOG.warnf("login of %s from %s refused: rate limit", address, ip);
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return Response.fromResponse(Problem.of("too-many-logins", Response.Status.TOO_MANY_REQUESTS,
                    "too many logins of this address or from this client; try again in " + seconds + " s")
                    .toResponse()).header("Retry-After", String.valueOf(seconds)).build();
        }
        Auth.VerifiedLogin who;
        try {
            who = protocol.guard().write(() -> protocol.logins().login(new Auth.Credentials(address, password)));
        } catch (UpstreamProblem e) {
            if (e.problem().status() != 401) {
                throw e;
            }
            limiter.failed(address);
            LOG.infof("failed login of %s from %s", address, ip); // never the password
            return Problem.of("invalid-credentials", Response.Status.UNAUTHORIZED,
                    "unknown address or wrong password").toResponse();
        }
        Role role = "DOMAIN_ADMIN".equals(who.role()) ? Role.DOMAIN_ADMIN : Role.USER;
        Caller caller = new Caller(role, who.domain(), who.address(), null);
        Tokens.Issued issued = tokens.issue(StoredToken.Kind.LOGIN, caller, null, who.address(),
                tokens.now().plus(sessionTtl));
        LOG.infof("login of %s (%s) from %s", who.address(), role, ip);
        return Response.ok(new Auth.Session(issued.secret(), issued.token().expiresAt, role.name(), who.domain(),
                who.address())).build();
    }

    @POST
    @Path("logout")
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Operation(summary = "Revoke the bearer token of this request (a login's or an API token)")
    @APIResponse(responseCode = "204", description = "revoked; the token no longer works")
    @APIResponse(responseCode = "409", description = "the bootstrap token is configuration and cannot be revoked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response logout() {
        Caller caller = current.get();
        if (caller.tokenId() == null) {
            return Problem.of("conflict", Response.Status.CONFLICT,
                    "the bootstrap token is set by configuration (POSTVAULT_ADMIN_TOKEN) and cannot be revoked")
                    .toResponse();
        }
        tokens.revoke(caller.tokenId());
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Operation(summary = "Who the bearer token of this request stands for")
    @APIResponse(responseCode = "200", description = "the caller's role and tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Auth.Me.class)))
    public Auth.Me me() {
        Caller caller = current.get();
        return new Auth.Me(caller.role().name(), caller.domain(), caller.address());
    }
}
