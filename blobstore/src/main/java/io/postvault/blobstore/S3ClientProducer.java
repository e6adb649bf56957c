package io.postvault.blobstore;

import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;

/**
 * The MinIO clients of a service; closed at shutdown so their HTTP pools do not keep the JVM alive. The asynchronous
 * client exists for the calls the blocking one does not offer (the single-request PutObject API with a payload hash the
 * caller already has); it is only created where it is injected.
 */
@ApplicationScoped
public class S3ClientProducer {

    @Produces
    @ApplicationScoped
    MinioClient minioClient(S3Config config) {
        return MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(httpClient(), true)
                .build();
    }

    @Produces
    @Singleton // not @ApplicationScoped: MinioAsyncClient cannot be proxied
    MinioAsyncClient minioAsyncClient(S3Config config) {
        return MinioAsyncClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(httpClient(), true)
                .build();
    }

    /** MinIO's own HTTP client settings, on sockets without Nagle's delay (NoDelaySocketFactory). */
    private static OkHttpClient httpClient() {
        return Http.newDefaultClient().newBuilder().socketFactory(new NoDelaySocketFactory()).build();
    }

    void close(@Disposes MinioClient client) throws Exception {
        client.close();
    }

    void closeAsync(@Disposes MinioAsyncClient client) throws Exception {
        client.close();
    }
}
