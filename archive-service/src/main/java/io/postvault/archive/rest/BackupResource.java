package io.postvault.archive.rest;

import io.postvault.archive.backup.BackupService;
import io.postvault.common.rest.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code GET /internal/accounts/{address}/backup}: one ZIP of every live and archived message of the account, streamed
 * as it is written (see {@link io.postvault.archive.backup.BackupZipWriter} for the layout and the memory it takes).
 * An unknown account is a 404 before any byte; a failure once bytes are sent cuts the ZIP short of its central
 * directory; a client that goes away makes the next write fail, which closes the message stream being read.
 */
@Path("/internal/accounts/{address}/backup")
public class BackupResource {

    private final BackupService backups;

    BackupResource(BackupService backups) {
        this.backups = backups;
    }

    @GET
    @Produces({"application/zip", Problem.MEDIA_TYPE})
    public Response backup(@PathParam("address") String address) {
        BackupService.Backup backup = backups.prepare(address);
        StreamingOutput body = out -> backups.write(backup, out);
        String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        String file = "backup-" + backup.address().replaceAll("[^A-Za-z0-9@._-]", "_") + "-" + stamp + ".zip";
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }
}
