package io.postvault.search.reindex;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postvault.events.data.MessageSummary;
import io.postvault.search.config.SearchConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The owning services as a reindex reads them, over their internal REST APIs: protocol-service lists the accounts of
 * a domain and the live messages of an account (with their bytes); archive-service lists an account's archive entries
 * (with their bytes). Only reads. A 404 (an account or domain that no longer exists, a message that left since it was
 * listed) is an empty answer; any other failure is a {@link SourceException}.
 */
@ApplicationScoped
public class Sources {

    /** An account as protocol-service lists it (the part read here). */
    public record Account(String id, String address, String domain, long messageCount) {
    }

    /** A live message as protocol-service lists it. */
    public record LiveMessage(String address, String folder, long uidValidity, long uid, String blobId, long size,
                              Instant internalDate, List<String> flags, Long modSeq, MessageSummary summary) {
    }

    /** A page of live messages; {@code next} is null on the last. */
    public record LivePage(List<LiveMessage> messages, String next) {
    }

    /** An archive entry as archive-service lists it (the part read here). */
    public record ArchivedEntry(UUID id, String accountId, String address, String domain, String direction,
                                String originFolder, Instant removedAt, Instant internalDate, long size, String from,
                                String to, String cc, String subject, String messageId, String blobId,
                                UUID sourceEventId) {
    }

    /** A page of archive entries; {@code nextCursor} is null on the last. */
    public record ArchivePage(List<ArchivedEntry> items, String nextCursor) {
    }

    private record ArchiveTotals(long bytes, long count) {
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final SearchConfig.Sources config;
    private final long maxBlobBytes;

    Sources(ObjectMapper json, SearchConfig config) {
        this.json = json;
        this.config = config.sources();
        this.maxBlobBytes = config.extraction().maxBlobBytes();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    /** The accounts of {@code domain} (none when protocol-service does not know the domain). */
    public List<Account> accounts(String domain) {
        return get(config.protocolUrl(), "/internal/domains/" + encode(domain) + "/accounts",
                new TypeReference<List<Account>>() { }).orElse(List.of());
    }

    /** The page of live messages of {@code address} after {@code cursor} (null: the first). */
    public LivePage live(String address, String cursor) {
        return get(config.protocolUrl(), "/internal/accounts/" + encode(address) + "/messages?limit="
                + config.pageSize() + (cursor == null ? "" : "&after=" + encode(cursor)),
                new TypeReference<LivePage>() { }).orElse(new LivePage(List.of(), null));
    }

    /** The bytes of a live message of {@code address} (the first {@code max-blob-bytes}); empty when it left. */
    public Optional<byte[]> liveBytes(String address, String blobId) {
        return bytes(config.protocolUrl(), "/internal/accounts/" + encode(address) + "/blobs/" + encode(blobId));
    }

    /** How many archive entries {@code address} has. */
    public long archiveCount(String address) {
        return get(config.archiveUrl(), "/internal/accounts/" + encode(address) + "/archive/totals",
                new TypeReference<ArchiveTotals>() { }).map(ArchiveTotals::count).orElse(0L);
    }

    /** The page of archive entries of {@code address} after {@code cursor} (null: the first). */
    public ArchivePage archive(String address, String cursor) {
        return get(config.archiveUrl(), "/internal/accounts/" + encode(address) + "/archive?limit="
                + config.pageSize() + (cursor == null ? "" : "&cursor=" + encode(cursor)),
                new TypeReference<ArchivePage>() { }).orElse(new ArchivePage(List.of(), null));
    }

    /** The bytes of archive entry {@code id} (the first {@code max-blob-bytes}); empty when it left. */
    public Optional<byte[]> archivedBytes(String address, UUID id) {
        return bytes(config.archiveUrl(), "/internal/accounts/" + encode(address) + "/archive/" + id + "/raw");
    }

    private <T> Optional<T> get(String base, String path, TypeReference<T> type) {
        return send(base, path, "application/json").map(in -> {
            try (in) {
                return json.readValue(in, type);
            } catch (IOException e) {
                throw new SourceException("unreadable answer from " + base + path + ": " + e.getMessage(), e);
            }
        });
    }

    private Optional<byte[]> bytes(String base, String path) {
        return send(base, path, "message/rfc822").map(in -> {
            try (in) {
                return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBlobBytes));
            } catch (IOException e) {
                throw new SourceException("reading " + base + path + ": " + e.getMessage(), e);
            }
        });
    }

    private Optional<InputStream> send(String base, String path, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(config.timeout())
                .header("Accept", accept).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SourceException("cannot reach " + base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading " + base + path, e);
        }
        if (response.statusCode() == 404) {
            close(response.body());
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            String detail;
            try (InputStream in = response.body()) {
                detail = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
            } catch (IOException e) {
                detail = "";
            }
            throw new SourceException(base + path + " answered " + response.statusCode() + " " + detail, null);
        }
        return Optional.of(response.body());
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was read from it
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A source failed (not a 404): the reindex stops and the served index stays. */
    public static class SourceException extends RuntimeException {
        public SourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
