package io.postvault.gateway.upstream;

import io.postvault.gateway.api.ArchiveEntry;
import io.postvault.gateway.api.Page;
import io.postvault.gateway.api.Requests;
import io.postvault.gateway.api.Restored;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * archive-service's internal REST API (io.postvault.archive.rest.ArchiveResource). The raw message and the backup
 * (BackupResource) are fetched by {@link RawMessages}, which streams.
 */
@Path("/internal/accounts/{address}/archive")
@Produces(MediaType.APPLICATION_JSON)
public interface ArchiveClient {

    /** Archive entries, newest first; null parameters are left out of the query. */
    @GET
    Page<ArchiveEntry> list(@PathParam("address") String address, @QueryParam("after") String after,
            @QueryParam("before") String before, @QueryParam("direction") String direction,
            @QueryParam("from") String from, @QueryParam("subject") String subject,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit);

    @GET
    @Path("{id}")
    ArchiveEntry entry(@PathParam("address") String address, @PathParam("id") String id);

    @DELETE
    @Path("{id}")
    void delete(@PathParam("address") String address, @PathParam("id") String id);

    /** Appends the entry to a folder of its account (a null folder: archive-service's default), then unarchives it. */
    @POST
    @Path("{id}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    Restored restore(@PathParam("address") String address, @PathParam("id") String id, Requests.Restore body);
}
