package io.postvault.blobstore;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the object store answers and every bucket of this service exists (missing ones are created). */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    private final S3Buckets buckets;
    private final S3Config config;

    S3ReadinessCheck(S3Buckets buckets, S3Config config) {
        this.buckets = buckets;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("S3 object store")
                .withData("endpoint", config.endpoint())
                .withData("buckets", String.join(",", config.buckets()));
        try {
            buckets.ensureAll();
            return response.up().build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
