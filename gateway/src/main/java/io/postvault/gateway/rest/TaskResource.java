package io.postvault.gateway.rest;

import io.postvault.gateway.api.Task;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Long tasks of the platform, platform-admin only: a full reindex of the message history (search-service builds a
 * new index beside the served one and swaps it in) and its progress. Tasks live in search-service's memory: after
 * its restart a task id is unknown (404).
 */
@Path("/api/v1")
@Tag(name = "system")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class TaskResource {

    private final Upstreams.Search search;

    TaskResource(Upstreams.Search search) {
        this.search = search;
    }

    @POST
    @Path("admin/reindex")
    @Operation(summary = "Rebuild the search index from every live and archived message; platform-admin only")
    @APIResponse(responseCode = "202", description = "started; Location is the task",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Task.class)))
    @APIResponse(responseCode = "409", description = "a reindex is already running (task-running)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reindex() {
        Task task = search.guard().write(() -> search.client().reindex());
        return Response.accepted(task).location(URI.create("/api/v1/tasks/" + task.id())).build();
    }

    @GET
    @Path("tasks/{id}")
    @Operation(summary = "The progress of a task: state, done of total, rate and time left; platform-admin only")
    @APIResponse(responseCode = "200", description = "the task",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Task.class)))
    @APIResponse(responseCode = "400", description = "the id is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such task (or search-service restarted since)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Task task(@PathParam("id") String id) {
        String task = Inputs.uuid("id", id, "a task").toString();
        return search.guard().read(() -> search.client().task(task));
    }
}
