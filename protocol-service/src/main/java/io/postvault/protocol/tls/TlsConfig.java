package io.postvault.protocol.tls;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The certificate of the mail ports (implicit TLS and STARTTLS/STLS). */
@ConfigMapping(prefix = "postvault.tls")
public interface TlsConfig {

    /** PEM file with the server certificate (and its chain); when absent, a self-signed one is generated at start-up. */
    Optional<Path> certFile();

    /** PEM file with the private key of {@code cert-file} (PKCS#8 or PKCS#1). */
    Optional<Path> keyFile();

    /** Subject (CN and DNS name) of the self-signed certificate generated when no certificate is configured. */
    @WithDefault("localhost")
    String selfSignedHost();
}
