package io.postvault.gateway.upstream;

import io.postvault.gateway.api.History;
import io.postvault.gateway.api.Task;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * search-service's internal API: the searches (io.postvault.search.rest.SearchResource; null parameters are left out)
 * and its long tasks (TaskResource).
 */
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
        @QueryParam("seen") public String seen;
        @QueryParam("flagged") public String flagged;
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

    /** Starts a reindex: 202 with the task; 409 .../task-running while one runs. */
    @POST
    @Path("admin/reindex")
    Task reindex();

    @GET
    @Path("tasks/{id}")
    Task task(@PathParam("id") String id);
}
