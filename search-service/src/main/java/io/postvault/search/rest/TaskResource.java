package io.postvault.search.rest;

import io.postvault.common.rest.Problem;
import io.postvault.common.rest.ProblemException;
import io.postvault.search.reindex.ReindexService;
import io.postvault.search.reindex.ReindexTask;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * Long tasks (internal; the gateway exposes them as {@code POST /api/v1/admin/reindex} and
 * {@code GET /api/v1/tasks/{id}}): {@code POST /internal/admin/reindex} starts a reindex and answers {@code 202} with
 * the task and its {@code Location}; {@code GET /internal/tasks/{id}} shows its progress (done/total, rate, ETA).
 * A task runs on the replica that received its {@code POST} and rebuilds that replica's index; its progress is
 * published in PostgreSQL each second, so any replica answers for it. A task cut short by a restart stays as last
 * published (the replica then serves its last complete index).
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final ReindexService reindex;

    TaskResource(ReindexService reindex) {
        this.reindex = reindex;
    }

    @POST
    @Path("/admin/reindex")
    public Response startReindex() {
        try {
            ReindexTask task = reindex.start();
            return Response.accepted(task.view()).location(URI.create("/internal/tasks/" + task.id())).build();
        } catch (ReindexService.AlreadyRunning e) {
            return Problem.of("task-running", Response.Status.CONFLICT, e.getMessage()).toResponse();
        }
    }

    @GET
    @Path("/tasks/{id}")
    public ReindexTask.View task(@PathParam("id") String id) {
        UUID taskId;
        try {
            taskId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no task " + id);
        }
        return reindex.task(taskId).orElseThrow(() -> ProblemException.notFound("no task " + id));
    }
}
