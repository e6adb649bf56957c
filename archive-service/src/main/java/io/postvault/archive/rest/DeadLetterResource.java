package io.postvault.archive.rest;

import io.postvault.archive.messaging.DeadLetters;
import io.postvault.common.rest.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Operator endpoint: the records this service's consumers could not process, and their retry. */
@Path("/internal/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    /** The dead letters, oldest first. */
    public record DeadLetterList(List<DeadLetters.DeadLetter> items) {
    }

    private final DeadLetters deadLetters;

    DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    public DeadLetterList list() {
        return new DeadLetterList(deadLetters.list());
    }

    /** Re-publishes dead letter {@code id} ({@code partition-offset}) to its origin topic. */
    @POST
    @Path("/{id}/retry")
    public DeadLetters.DeadLetter retry(@PathParam("id") String id) {
        if (!DeadLetters.isId(id)) {
            throw ProblemException.notFound("no dead letter " + id);
        }
        return deadLetters.retry(id).orElseThrow(() -> ProblemException.notFound("no dead letter " + id));
    }
}
