package io.postvault.protocol.tls;

import io.postvault.protocol.net.ProxyProtocolConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.jboss.logging.Logger;

/**
 * The listener options of the mail servers: the key and certificate, from the configured PEM files or a self-signed
 * certificate generated once at start-up (its SHA-256 fingerprint is logged so that clients can pin it), and whether a
 * front proxy announces each client with the PROXY protocol.
 */
@ApplicationScoped
public class ServerTls {

    private static final Logger LOG = Logger.getLogger(ServerTls.class);

    private final PemKeyCertOptions keyCert;
    private final String certificatePem;
    private final ProxyProtocolConfig proxyProtocol;

    /** Without a front proxy (tests). */
    public ServerTls(TlsConfig config) {
        this(config, null);
    }

    @Inject
    public ServerTls(TlsConfig config, ProxyProtocolConfig proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
        try {
            if (config.certFile().isPresent() != config.keyFile().isPresent()) {
                throw new IllegalStateException("postvault.tls.cert-file and postvault.tls.key-file go together");
            }
            if (config.certFile().isPresent()) {
                certificatePem = Files.readString(config.certFile().get());
                String keyPem = Files.readString(config.keyFile().get());
                keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(certificatePem))
                        .setKeyValue(Buffer.buffer(keyPem));
                LOG.infof("TLS certificate %s, SHA-256 fingerprint %s", config.certFile().get(),
                        fingerprintOf(certificatePem));
            } else {
                SelfSignedCertificate generated = SelfSignedCertificate.generate(config.selfSignedHost());
                certificatePem = generated.certificatePem();
                keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(generated.certificatePem()))
                        .setKeyValue(Buffer.buffer(generated.privateKeyPem()));
                LOG.infof("TLS: no certificate configured (postvault.tls.cert-file); generated a self-signed one for %s,"
                        + " SHA-256 fingerprint %s", config.selfSignedHost(), generated.sha256Fingerprint());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate or key", e);
        }
    }

    /** The certificate in PEM form (tests trust it). */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * Server options carrying the key and certificate. With {@code implicitTls} the port speaks TLS from the first
     * byte; without, the key material is still set so that STARTTLS/STLS can upgrade the connection. With the PROXY
     * protocol on, the header comes first (before TLS) and the socket's remote address is the client's it names.
     */
    public NetServerOptions serverOptions(boolean implicitTls) {
        NetServerOptions options = new NetServerOptions().setSsl(implicitTls).setKeyCertOptions(keyCert);
        if (proxyProtocol != null && proxyProtocol.enabled()) {
            options.setUseProxyProtocol(true).setProxyProtocolTimeout(proxyProtocol.timeout().toMillis())
                    .setProxyProtocolTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return options;
    }

    static String fingerprintOf(String pem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return SelfSignedCertificate.fingerprint(certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a PEM certificate", e);
        }
    }
}
