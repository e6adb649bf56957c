package io.postvault.gateway.rest;

import io.postvault.gateway.api.Usage;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A domain's plan, its gauge, the gauge's history and its accounts by usage (served by quota-service, the authority
 * for plans: protocol-service learns a plan change from its event).
 */
@Path("/api/v1/domains/{domain}")
@Tag(name = "usage")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class DomainUsageResource {

    /** quota-service's limits. */
    static final int MAX_DAYS = 400;
    static final int MAX_ACCOUNTS = 1000;

    private final Upstreams.Quota quota;

    DomainUsageResource(Upstreams.Quota quota) {
        this.quota = quota;
    }

    @GET
    @Path("plan")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "The domain's plan (disk quota in bytes)")
    @APIResponse(responseCode = "200", description = "the plan",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Usage.Plan.class)))
    @APIResponse(responseCode = "400", description = "not a domain name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.Plan plan(@Parameter(example = "example.com") @PathParam("domain") String domain) {
        String name = Inputs.domain("domain", domain);
        return quota.guard().read(() -> quota.client().domainPlan(name));
    }

    @PUT
    @Path("plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the domain's plan; platform-admin only (protocol-service applies it to deliveries)")
    @APIResponse(responseCode = "200", description = "the new plan",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Usage.Plan.class)))
    @APIResponse(responseCode = "400", description = "invalid domain or quotaBytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.Plan changePlan(@Parameter(example = "example.com") @PathParam("domain") String domain,
            Usage.PlanChange body) {
        String name = Inputs.domain("domain", domain);
        Inputs.body(body, "{quotaBytes}");
        Usage.PlanChange valid = new Usage.PlanChange(Inputs.bytes("quotaBytes", body.quotaBytes(), true));
        return quota.guard().write(() -> quota.client().setDomainPlan(name, valid));
    }

    @GET
    @Path("usage")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "The gauge: occupied, archives and free against the quota at the last snapshot, and live")
    @APIResponse(responseCode = "200", description = "the gauge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Usage.Gauge.class)))
    @APIResponse(responseCode = "400", description = "not a domain name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.Gauge usage(@Parameter(example = "example.com") @PathParam("domain") String domain) {
        String name = Inputs.domain("domain", domain);
        return quota.guard().read(() -> quota.client().domainUsage(name));
    }

    @GET
    @Path("usage/history")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "The gauge's daily snapshots of the last N days, oldest first")
    @APIResponse(responseCode = "200", description = "one item per day with a snapshot",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Usage.History.class)))
    @APIResponse(responseCode = "400", description = "invalid domain or days",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.History history(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(description = "1-" + MAX_DAYS + " (default 30)") @QueryParam("days") String days) {
        String name = Inputs.domain("domain", domain);
        Integer n = Inputs.limit("days", days, MAX_DAYS);
        return new Usage.History(quota.guard().read(() -> quota.client().domainHistory(name, n)).items(), null);
    }

    @GET
    @Path("usage/accounts")
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "The domain's accounts by usage (occupied + archives), the largest first")
    @APIResponse(responseCode = "200", description = "the largest accounts (one page)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Usage.AccountUsagePage.class)))
    @APIResponse(responseCode = "400", description = "invalid domain or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.AccountUsagePage accounts(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @Parameter(description = "1-" + MAX_ACCOUNTS + " (default 100)") @QueryParam("limit") String limit) {
        String name = Inputs.domain("domain", domain);
        Integer n = Inputs.limit("limit", limit, MAX_ACCOUNTS);
        return new Usage.AccountUsagePage(quota.guard().read(() -> quota.client().accountsByUsage(name, n)).items(),
                null);
    }
}
