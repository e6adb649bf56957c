package io.postvault.gateway.upstream;

import io.postvault.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * archive-service's streamed answers, the raw message ({@code message/rfc822}) and the account's backup
 * ({@code application/zip}), as streams: the gateway hands the body on as it arrives and never holds it whole. The JDK client is used here because it gives the body as an
 * {@link InputStream} without reading it first; the timeouts bound the connection and the wait for the headers.
 */
public class RawMessages {

    /** An open answer: the caller must read or close {@code body}. */
    public record Raw(InputStream body, Optional<String> contentLength, Optional<String> contentDisposition) {
    }

    private final URI base;
    private final Upstream upstream;
    private final ProblemResponses problems;
    private final HttpClient http;
    private final GatewayConfig.Upstream config;

    public RawMessages(URI base, Upstream upstream, GatewayConfig.Upstream config) {
        this.base = base;
        this.upstream = upstream;
        this.problems = new ProblemResponses(upstream.name());
        this.config = config;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).build();
    }

    public Raw open(String address, String id) {
        return stream("/internal/accounts/" + address + "/archive/" + id + "/raw", "message/rfc822");
    }

    /** Every live and archived message of the account as one ZIP, written by archive-service as it reads them. */
    public Raw backup(String address) {
        return stream("/internal/accounts/" + address + "/backup", "application/zip");
    }

    private Raw stream(String path, String mediaType) {
        URI uri = uri(path);
        return upstream.read(() -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.readTimeout())
                    .header("Accept", mediaType + ", application/problem+json").GET().build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted", e));
            }
            if (response.statusCode() != 200) {
                throw problems.of(response.statusCode(), errorBody(response.body()));
            }
            return new Raw(response.body(), response.headers().firstValue("Content-Length"),
                    response.headers().firstValue("Content-Disposition"));
        });
    }

    private URI uri(String path) {
        try {
            return new URI(base.getScheme(), base.getRawAuthority(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String errorBody(InputStream body) {
        try (body) {
            byte[] bytes = body.readNBytes(ProblemResponses.MAX_PROBLEM_BYTES + 1);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
