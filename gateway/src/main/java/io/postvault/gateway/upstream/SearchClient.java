package io.postvault.gateway.upstream;

import io.postvault.gateway.api.History;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** search-service's internal search API (io.postvault.search.rest.SearchResource); null parameters are left out. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public interface SearchClient {

    /** The query parameters of both searches. */
    class Query {
        @QueryParam("q") public String q;
        @QueryParam("from") public String from;
        @QueryParam("to") public String to;
        @QueryParam("after") public String after;
        @QueryParam("before") public String before;
        @QueryParam("direction") public String direction;
        @QueryParam("status") public String status;
        @QueryParam("folder") public String folder;
        @QueryParam("hasAttachment") public String hasAttachment;
        @QueryParam("sort") public String sort;
        @QueryParam("limit") public Integer limit;
        @QueryParam("cursor") public String cursor;
    }

    @GET
    @Path("domains/{domain}/history")
    History.Page domain(@PathParam("domain") String domain, @BeanParam Query query);

    @GET
    @Path("accounts/{address}/history")
    History.Page account(@PathParam("address") String address, @BeanParam Query query);
}
