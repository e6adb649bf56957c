package io.postvault.blobstore;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes sure the buckets this service needs exist. At start-up a failure is only logged: the service still starts, and
 * readiness stays DOWN (and retries) until the object store answers.
 */
@ApplicationScoped
public class S3Buckets {

    private static final Logger LOG = Logger.getLogger(S3Buckets.class);

    private final MinioClient client;
    private final S3Config config;

    S3Buckets(MinioClient client, S3Config config) {
        this.client = client;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureAll();
        } catch (Exception e) {
            LOG.warnf("object store at %s not ready at start-up: %s", config.endpoint(), e.getMessage());
        }
    }

    /** Creates the missing buckets; returns the ones that did not exist before. */
    public List<String> ensureAll() throws Exception {
        List<String> created = new ArrayList<>();
        for (String bucket : config.buckets()) {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    created.add(bucket);
                    LOG.infof("created bucket %s", bucket);
                } catch (ErrorResponseException e) {
                    // Another replica created it between our check and our request.
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                            && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
        }
        return created;
    }
}
