package io.postvault.gateway.upstream;

import io.postvault.gateway.api.Usage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** quota-service's internal REST API (io.postvault.quota.rest.QuotaResource). */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface QuotaClient {

    @GET
    @Path("domains/{domain}/plan")
    Usage.Plan domainPlan(@PathParam("domain") String domain);

    @PUT
    @Path("domains/{domain}/plan")
    Usage.Plan setDomainPlan(@PathParam("domain") String domain, Usage.PlanChange body);

    @GET
    @Path("accounts/{address}/plan")
    Usage.Plan accountPlan(@PathParam("address") String address);

    @PUT
    @Path("accounts/{address}/plan")
    Usage.Plan setAccountPlan(@PathParam("address") String address, Usage.PlanChange body);

    @GET
    @Path("domains/{domain}/usage")
    Usage.Gauge domainUsage(@PathParam("domain") String domain);

    @GET
    @Path("accounts/{address}/usage")
    Usage.Gauge accountUsage(@PathParam("address") String address);

    @GET
    @Path("domains/{domain}/usage/history")
    Usage.Items<Usage.Day> domainHistory(@PathParam("domain") String domain, @QueryParam("days") Integer days);

    @GET
    @Path("accounts/{address}/usage/history")
    Usage.Items<Usage.Day> accountHistory(@PathParam("address") String address, @QueryParam("days") Integer days);

    @GET
    @Path("domains/{domain}/accounts/usage")
    Usage.Items<Usage.AccountUsage> accountsByUsage(@PathParam("domain") String domain,
            @QueryParam("limit") Integer limit);
}
