package io.postvault.gateway.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description of the public API: every path needs a bearer token. */
@OpenAPIDefinition(
        info = @Info(title = "PostVault public API", version = "v1",
                description = "Domains, accounts and their archives. Roles: PLATFORM_ADMIN (everything), DOMAIN_ADMIN "
                        + "(one domain), USER (one account). A domain or account outside the caller's tenant answers "
                        + "404, as one that does not exist; a role that may not act in its own tenant gets 403. Errors are application/problem+json "
                        + "(RFC 9457) with a stable type URI; lists are {items, nextCursor}; sizes in bytes, times "
                        + "in ISO-8601 UTC."),
        security = @SecurityRequirement(name = PublicApi.BEARER))
@SecurityScheme(securitySchemeName = PublicApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Authorization: Bearer <token>: the bootstrap platform-admin token (POSTVAULT_ADMIN_TOKEN), an API "
                + "token (POST /api/v1/auth/tokens) or a login's token (POST /api/v1/auth/login)")
public class PublicApi extends Application {

    public static final String BEARER = "bearer";
}
