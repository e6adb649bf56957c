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

/** An account's cap, its gauge and the gauge's history (served by quota-service). */
@Path("/api/v1/accounts/{address}")
@Tag(name = "usage")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AccountUsageResource {

    private final Upstreams.Quota quota;

    AccountUsageResource(Upstreams.Quota quota) {
        this.quota = quota;
    }

    @GET
    @Path("plan")
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Operation(summary = "The account's cap (quotaBytes null: the domain plan alone applies)")
    @APIResponse(responseCode = "200", description = "the cap",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Usage.Plan.class)))
    @APIResponse(responseCode = "400", description = "not an address",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.Plan plan(@Parameter(example = "alice@example.com") @PathParam("address") String address) {
        String account = Inputs.address("address", address);
        return quota.guard().read(() -> quota.client().accountPlan(account));
    }

    @PUT
    @Path("plan")
    @Allow(Role.DOMAIN_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the account's cap within the domain plan; {\"quotaBytes\": null} removes it")
    @APIResponse(responseCode = "200", description = "the new cap",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Usage.Plan.class)))
    @APIResponse(responseCode = "400", description = "invalid address or quotaBytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.Plan changePlan(@Parameter(example = "alice@example.com") @PathParam("address") String address,
            Usage.PlanChange body) {
        String account = Inputs.address("address", address);
        Inputs.body(body, "{quotaBytes}");
        Usage.PlanChange valid = new Usage.PlanChange(Inputs.bytes("quotaBytes", body.quotaBytes(), false));
        return quota.guard().write(() -> quota.client().setAccountPlan(account, valid));
    }

    @GET
    @Path("usage")
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Operation(summary = "The account's gauge: the last snapshot and the live figures")
    @APIResponse(responseCode = "200", description = "the gauge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Usage.Gauge.class)))
    @APIResponse(responseCode = "400", description = "not an address",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.Gauge usage(@Parameter(example = "alice@example.com") @PathParam("address") String address) {
        String account = Inputs.address("address", address);
        return quota.guard().read(() -> quota.client().accountUsage(account));
    }

    @GET
    @Path("usage/history")
    @Allow({Role.DOMAIN_ADMIN, Role.USER})
    @Operation(summary = "The account's daily snapshots of the last N days, oldest first")
    @APIResponse(responseCode = "200", description = "one item per day with a snapshot",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Usage.History.class)))
    @APIResponse(responseCode = "400", description = "invalid address or days",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Usage.History history(@Parameter(example = "alice@example.com") @PathParam("address") String address,
            @Parameter(description = "1-" + DomainUsageResource.MAX_DAYS + " (default 30)")
            @QueryParam("days") String days) {
        String account = Inputs.address("address", address);
        Integer n = Inputs.limit("days", days, DomainUsageResource.MAX_DAYS);
        return new Usage.History(quota.guard().read(() -> quota.client().accountHistory(account, n)).items(), null);
    }
}
