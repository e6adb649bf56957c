package io.postvault.protocol.rest;

import io.postvault.protocol.account.StoreProblem;
import io.postvault.protocol.imap.ImapConfig;
import io.postvault.protocol.store.LiveMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.RestAppends;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.store.s3.BlobStoreException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Internal REST over an account's live messages, for the services that rebuild or export from the live store
 * (search reindex, the archive's backup) and put messages back (archive restore).
 */
@Path("/internal/accounts/{address}")
public class LiveMessageResource {

    static final String RFC822 = "message/rfc822";
    private static final int MAX_PAGE = 5000;
    private static final Pattern BLOB_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> SYSTEM_FLAGS = Set.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted",
            "\\Draft");
    /** An IMAP flag keyword: an atom without the characters IMAP reserves. */
    private static final Pattern KEYWORD = Pattern.compile("[\\x21\\x23-\\x24\\x26\\x27\\x2B-\\x5A\\x5E-\\x7A\\x7C\\x7E]+");

    private final Recipients accounts;
    private final LiveMessages live;
    private final RestAppends appends;
    private final BlobStore blobs;
    private final long maxMessageSize;

    LiveMessageResource(Recipients accounts, LiveMessages live, RestAppends appends, BlobStore blobs,
            ImapConfig imap) {
        this.accounts = accounts;
        this.live = live;
        this.appends = appends;
        this.blobs = blobs;
        this.maxMessageSize = imap.maxLiteralSize();
    }

    /** Every live message of the account, every folder, paged by an opaque cursor. */
    @GET
    @Path("messages")
    @Produces(MediaType.APPLICATION_JSON)
    public LiveMessages.Page messages(@PathParam("address") String address, @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("500") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new StoreProblem.InvalidInput("limit", "must be between 1 and " + MAX_PAGE);
        }
        Mailbox account = account(address);
        try {
            return live.page(account, after, limit);
        } catch (IllegalArgumentException e) {
            throw new StoreProblem.InvalidInput("after", e.getMessage());
        }
    }

    /** The bytes of one of the account's live messages, streamed. */
    @GET
    @Path("blobs/{blobId}")
    @Produces(RFC822)
    public Response blob(@PathParam("address") String address, @PathParam("blobId") String blobId) {
        if (!BLOB_ID.matcher(blobId).matches()) {
            throw new StoreProblem.InvalidInput("blobId", "not a blob id (64 lower-case hex digits)");
        }
        Mailbox account = account(address);
        if (!live.holdsBlob(account, blobId)) {
            throw new StoreProblem.NotFound("no live message of " + account.address() + " has blob " + blobId);
        }
        InputStream in = open(blobId);
        StreamingOutput body = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, RFC822).build();
    }

    /**
     * Appends a message to a folder, as IMAP APPEND would (quota, events), creating the folder when it is missing. With
     * {@code Idempotency-Key}, a repeat of the request returns the first result (200 instead of 201) and appends
     * nothing.
     */
    @POST
    @Path("messages")
    @Consumes(RFC822)
    @Produces(MediaType.APPLICATION_JSON)
    public Response append(@PathParam("address") String address,
            @QueryParam("folder") @DefaultValue("INBOX") String folder, @QueryParam("flags") List<String> flags,
            @QueryParam("internalDate") String internalDate, @HeaderParam("Idempotency-Key") String idempotencyKey,
            InputStream message) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new StoreProblem.InvalidInput("Idempotency-Key", "must have 1 to 200 characters");
        }
        Set<String> canonicalFlags = canonicalFlags(flags);
        Instant date = internalDate(internalDate);
        Mailbox account = account(address);
        java.nio.file.Path file = spool(message);
        try {
            long size = Files.size(file);
            String blobId = BlobStore.sha256(file);
            RestAppends.Result result = appends.append(account, folder, canonicalFlags, date, file, blobId, size,
                    idempotencyKey);
            return Response.status(result.replayed() ? 200 : 201).entity(new Appended(result.folder(),
                    result.uidValidity(), result.uid(), result.blobId(), result.size())).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BlobStoreException e) {
            throw new StorageUnavailable(e);
        } finally {
            delete(file);
        }
    }

    /** The reply to an append. */
    public record Appended(String folder, long uidValidity, long uid, String blobId, long size) {
    }

    /** The object store failed (HTTP 503). */
    static final class StorageUnavailable extends RuntimeException {
        StorageUnavailable(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A message over the configured maximum size (HTTP 413). */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("the message is larger than the maximum of " + max + " octets");
        }
    }

    private Mailbox account(String address) {
        return accounts.find(address).orElseThrow(() -> new StoreProblem.NotFound("no account " + address));
    }

    private InputStream open(String blobId) {
        try {
            return blobs.open(blobId);
        } catch (BlobStoreException e) {
            throw new StorageUnavailable(e);
        }
    }

    /** The body on local disk, never whole in memory; refused once it passes the maximum size. */
    private java.nio.file.Path spool(InputStream message) {
        java.nio.file.Path file;
        try {
            file = Files.createTempFile("postvault-rest-append", ".eml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean spooled = false;
        try (InputStream in = message; OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxMessageSize) {
                    throw new TooLarge(maxMessageSize);
                }
                out.write(buffer, 0, n);
            }
            spooled = true;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!spooled) {
                delete(file);
            }
        }
    }

    private static void delete(java.nio.file.Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover spool file is harmless; the temp folder is cleaned by the system.
        }
    }

    private static Set<String> canonicalFlags(List<String> flags) {
        Set<String> canonical = new LinkedHashSet<>();
        for (String flag : flags) {
            if (flag.startsWith("\\")) {
                canonical.add(SYSTEM_FLAGS.stream().filter(f -> f.equalsIgnoreCase(flag)).findFirst()
                        .orElseThrow(() -> new StoreProblem.InvalidInput("flags", "unknown system flag " + flag)));
            } else if (KEYWORD.matcher(flag).matches()) {
                canonical.add(flag);
            } else {
                throw new StoreProblem.InvalidInput("flags", "not an IMAP flag keyword: " + flag);
            }
        }
        return canonical;
    }

    private static Instant internalDate(String text) {
        if (text == null || text.isEmpty()) {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return Instant.parse(text).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new StoreProblem.InvalidInput("internalDate", "not an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
    }
}
