package io.postvault.blobstore;

import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;

/**
 * The MinIO clients of a service, sharing one HTTP client (one connection pool and dispatcher, so connections to S3
 * are reused whichever client makes the call), which is shut down with this bean so its threads do not keep the JVM
 * alive. The asynchronous client exists for the calls the blocking one does not offer (the single-request PutObject
 * API with a payload hash the caller already has); it is only created where it is injected.
 */
@ApplicationScoped
public class S3ClientProducer {

    /** MinIO's own HTTP client settings, on sockets without Nagle's delay (NoDelaySocketFactory). */
    private final OkHttpClient http = Http.newDefaultClient().newBuilder()
            .socketFactory(new NoDelaySocketFactory()).build();

    @Produces
    @ApplicationScoped
    MinioClient minioClient(S3Config config) {
        return MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(http, false)
                .build();
    }

    @Produces
    @Singleton // not @ApplicationScoped: MinioAsyncClient cannot be proxied
    MinioAsyncClient minioAsyncClient(S3Config config) {
        return MinioAsyncClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(http, false)
                .build();
    }

    @PreDestroy
    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
