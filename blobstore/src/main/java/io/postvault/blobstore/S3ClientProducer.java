package io.postvault.blobstore;

import io.minio.Http;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The one MinIO client of a service; closed at shutdown so its HTTP pool does not keep the JVM alive. */
@ApplicationScoped
public class S3ClientProducer {

    @Produces
    @ApplicationScoped
    MinioClient minioClient(S3Config config) {
        return MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                // MinIO's own HTTP client settings, on sockets without Nagle's delay (NoDelaySocketFactory)
                .httpClient(Http.newDefaultClient().newBuilder().socketFactory(new NoDelaySocketFactory()).build(),
                        true)
                .build();
    }

    void close(@Disposes MinioClient client) throws Exception {
        client.close();
    }
}
