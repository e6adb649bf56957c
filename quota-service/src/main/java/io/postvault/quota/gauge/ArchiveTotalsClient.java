package io.postvault.quota.gauge;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Exact archive totals from archive-service's internal REST API. */
@RegisterRestClient(configKey = "archive")
@Path("/internal")
public interface ArchiveTotalsClient {

    /** Bytes and number of archive entries. */
    record Totals(long bytes, long count) {
    }

    @GET
    @Path("domains/{domain}/archive/totals")
    Totals domain(@PathParam("domain") String domain);

    @GET
    @Path("accounts/{address}/archive/totals")
    Totals account(@PathParam("address") String address);
}
