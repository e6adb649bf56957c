package io.postvault.archive.livestore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.postvault.archive.config.ArchiveConfig;
import io.postvault.common.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * protocol-service's internal live-store API ({@code /internal/accounts/{address}/...}). Message bytes are streamed
 * both ways, never held whole: the JDK client hands a response body over as it arrives and reads a request body from
 * its stream as it sends it.
 */
@ApplicationScoped
public class LiveStoreClient {

    private final HttpClient http;
    private final ArchiveConfig.LiveStore config;
    private final ObjectMapper json;

    LiveStoreClient(ArchiveConfig config, ObjectMapper json) {
        this.config = config.liveStore();
        this.json = json;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.connectTimeout()).build();
    }

    /** One page of the live messages of {@code address}, after {@code cursor} (null: from the start). */
    public LivePage page(String address, String cursor) {
        String query = "?limit=" + config.pageSize() + (cursor == null ? "" : "&after=" + encode(cursor));
        String what = "the listing of " + address;
        HttpResponse<InputStream> response = send(request(accountPath(address) + "/messages" + query).GET(), what);
        return readJson(response, LivePage.class, what);
    }

    /** The bytes of the live message {@code blobId} of {@code address}; empty when it is no longer live. */
    public Optional<InputStream> openBlob(String address, String blobId) {
        String what = "the blob " + blobId + " of " + address;
        HttpResponse<InputStream> response = send(request(accountPath(address) + "/blobs/" + encode(blobId)).GET(),
                what);
        if (response.statusCode() == 404) {
            discard(response);
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw failure(response, what);
        }
        return Optional.of(response.body());
    }

    /**
     * Appends a message of {@code size} bytes read from {@code body} to {@code folder} of {@code address}, as IMAP
     * APPEND does. Repeating a call with the same {@code idempotencyKey} appends nothing and answers the first result.
     */
    public Appended append(String address, String folder, Instant internalDate, String idempotencyKey, long size,
            Supplier<InputStream> body) {
        String query = "?folder=" + encode(folder) + "&internalDate=" + encode(internalDate.toString());
        String what = "the append to " + folder + " of " + address;
        HttpRequest.Builder request = request(accountPath(address) + "/messages" + query)
                .header("Content-Type", "message/rfc822")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size));
        HttpResponse<InputStream> response = send(request, what);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw failure(response, what);
        }
        return readJson(response, Appended.class, what);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(config.url() + path)).timeout(config.requestTimeout());
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw LiveStoreException.unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LiveStoreException.unavailable(what, e);
        }
    }

    private <T> T readJson(HttpResponse<InputStream> response, Class<T> type, String what) {
        if (response.statusCode() / 100 != 2) {
            throw failure(response, what);
        }
        try (InputStream body = response.body()) {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw LiveStoreException.unavailable(what, e);
        }
    }

    /** protocol-service's own problem when it sent one (passed on as it is), else a 502. */
    private LiveStoreException failure(HttpResponse<InputStream> response, String what) {
        int status = response.statusCode();
        boolean problem = response.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE);
        try (InputStream body = response.body()) {
            if (problem && (status / 100 == 4 || status == 507)) {
                Problem upstream = json.readValue(body, Problem.class);
                return new LiveStoreException(new Problem(upstream.type(), upstream.title(), status, upstream.detail(),
                        null));
            }
        } catch (IOException | UncheckedIOException e) {
            // unreadable: answered as a 502 below
        }
        return LiveStoreException.unexpected(what, status);
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection is dropped instead of reused
        }
    }

    private static String accountPath(String address) {
        return "/internal/accounts/" + encode(address);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
