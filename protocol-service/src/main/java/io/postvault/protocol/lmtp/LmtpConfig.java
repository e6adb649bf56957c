package io.postvault.protocol.lmtp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The LMTP server (RFC 2033): inbound delivery from the MTA. */
@ConfigMapping(prefix = "postvault.lmtp")
public interface LmtpConfig {

    /** Whether the LMTP server starts. */
    @WithDefault("true")
    boolean enabled();

    /** Address to listen on; LMTP is for the local MTA only, so loopback by default. */
    @WithDefault("127.0.0.1")
    String host();

    /** TCP port (0 picks a free one, as in tests). */
    @WithDefault("1024")
    int port();

    /** The server's name in the greeting and in the Received trace header. */
    @WithDefault("localhost")
    String hostname();

    /** Largest accepted message in octets (advertised as SIZE; larger: 552 5.3.4). */
    @WithDefault("52428800")
    long maxMessageSize();

    /** Longest accepted command line in octets (RFC 5321 allows 512; longer: 500 5.5.2). */
    @WithDefault("2048")
    int maxLineLength();

    /** Most recipients in one transaction (more: 452 4.5.3). */
    @WithDefault("100")
    int maxRecipients();

    /** A connection without input for this long is closed (421 4.4.2). */
    @WithDefault("5m")
    Duration idleTimeout();

    /** Folder of the spool files message bodies are streamed to before delivery; default: java.io.tmpdir. */
    Optional<Path> spoolDir();
}
