package io.postvault.blobstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Where the S3-compatible object store is (MinIO in production, S3Proxy locally) and which buckets this service uses. */
@ConfigMapping(prefix = "postvault.s3")
public interface S3Config {

    /** Endpoint URL, e.g. {@code http://127.0.0.1:19000}. Env: POSTVAULT_S3_ENDPOINT. */
    String endpoint();

    /** Access key. Env: POSTVAULT_S3_ACCESS_KEY. */
    String accessKey();

    /** Secret key. Env: POSTVAULT_S3_SECRET_KEY. */
    String secretKey();

    /** Region sent in request signatures. */
    @WithDefault("us-east-1")
    String region();

    /** Buckets this service needs: created at start-up when missing, and checked by readiness. */
    List<String> buckets();
}
