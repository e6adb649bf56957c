package io.postvault.gateway.upstream;

import io.postvault.gateway.config.GatewayConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** The clients of the internal services, each with its timeouts, its problem mapping and its circuit breaker. */
@ApplicationScoped
public class Upstreams {

    public static final String PROTOCOL = "protocol-service";
    public static final String ARCHIVE = "archive-service";
    public static final String QUOTA = "quota-service";
    public static final String SEARCH = "search-service";

    /** protocol-service: domains, accounts, the rights of users on shared accounts and the password check of logins. */
    public record Protocol(ProtocolClient client, SharedAccessClient access, LoginClient logins, Upstream guard) {
    }

    /** archive-service: archive entries, their raw bytes, restores and backups. */
    public record Archive(ArchiveClient client, RawMessages raw, Upstream guard) {
    }

    /** quota-service: plans, the gauge and its history. */
    public record Quota(QuotaClient client, Upstream guard) {
    }

    /** search-service: the message history and its reindex tasks. */
    public record Search(SearchClient client, Upstream guard) {
    }

    @Produces
    @Singleton
    Quota quota(GatewayConfig config) {
        return new Quota(client(config, QUOTA, QuotaClient.class), new Upstream(QUOTA, config.upstream()));
    }

    @Produces
    @Singleton
    Search search(GatewayConfig config) {
        return new Search(client(config, SEARCH, SearchClient.class), new Upstream(SEARCH, config.upstream()));
    }

    @Produces
    @Singleton
    Protocol protocol(GatewayConfig config) {
        return new Protocol(client(config, PROTOCOL, ProtocolClient.class),
                client(config, PROTOCOL, SharedAccessClient.class), client(config, PROTOCOL, LoginClient.class),
                new Upstream(PROTOCOL, config.upstream()));
    }

    @Produces
    @Singleton
    Archive archive(GatewayConfig config) {
        Upstream guard = new Upstream(ARCHIVE, config.upstream());
        return new Archive(client(config, ARCHIVE, ArchiveClient.class),
                new RawMessages(base(config, ARCHIVE), guard, config.upstream()), guard);
    }

    private static <T> T client(GatewayConfig config, String service, Class<T> type) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(base(config, service))
                .connectTimeout(config.upstream().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.upstream().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new ProblemResponses(service))
                .build(type);
    }

    private static URI base(GatewayConfig config, String service) {
        URI uri = config.services().get(service);
        if (uri == null) {
            throw new IllegalStateException("postvault.gateway.services." + service + " is not set");
        }
        return uri;
    }
}
