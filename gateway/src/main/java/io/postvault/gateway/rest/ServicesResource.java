package io.postvault.gateway.rest;

import io.postvault.gateway.config.GatewayConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform's internal services and their readiness, for operators and the console. */
@Path("/api/v1/system/services")
@Tag(name = "system")
public class ServicesResource {

    /** One internal service as seen from the gateway. */
    public record ServiceStatus(String name, URI url, String status) {
    }

    /** The list envelope of the public API. */
    public record ServiceList(List<ServiceStatus> items, String nextCursor) {
    }

    private final GatewayConfig config;
    private final HttpClient http;

    ServicesResource(GatewayConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.healthTimeout()).build();
    }

    @GET
    @Blocking // the access filter may read a stored token
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Readiness of every internal service (UP, DOWN or UNREACHABLE); platform-admin only")
    public CompletableFuture<ServiceList> list() {
        List<CompletableFuture<ServiceStatus>> checks = config.services().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(service -> check(service.getKey(), service.getValue()))
                .toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(done -> new ServiceList(checks.stream().map(CompletableFuture::join).toList(), null));
    }

    private CompletableFuture<ServiceStatus> check(String name, URI base) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                .timeout(config.healthTimeout()).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new ServiceStatus(name, base, response.statusCode() == 200 ? "UP" : "DOWN"))
                .exceptionally(failure -> new ServiceStatus(name, base, "UNREACHABLE"));
    }
}
