package io.postvault.quota.gauge;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Exact occupied totals from protocol-service's internal REST API (its own counters, kept in its transactions). */
@RegisterRestClient(configKey = "protocol")
@Path("/internal/domains")
public interface ProtocolTotalsClient {

    /** The part of protocol-service's domain this service reads. */
    record DomainTotals(String name, long occupiedBytes, long messageCount) {
    }

    /** The part of protocol-service's account this service reads. */
    record AccountTotals(UUID id, String address, long occupiedBytes, long messageCount) {
    }

    @GET
    @Path("{domain}")
    DomainTotals domain(@PathParam("domain") String domain);

    @GET
    @Path("{domain}/accounts")
    List<AccountTotals> accounts(@PathParam("domain") String domain);
}
