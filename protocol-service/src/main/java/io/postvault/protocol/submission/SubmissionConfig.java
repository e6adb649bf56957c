package io.postvault.protocol.submission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The SMTP submission server (RFC 6409): a plain port upgraded by STARTTLS (RFC 3207) and an implicit-TLS port
 * (RFC 8314); authentication (RFC 4954) is required before any mail is taken.
 */
@ConfigMapping(prefix = "postvault.submission")
public interface SubmissionConfig {

    /** Whether the submission server starts. */
    @WithDefault("true")
    boolean enabled();

    /** Address to listen on. */
    @WithDefault("0.0.0.0")
    String host();

    /** Plain port, upgraded with STARTTLS (Kubernetes: 587; 0 picks a free one, as in tests). */
    @WithDefault("1587")
    int port();

    /** Implicit-TLS port (RFC 8314; Kubernetes: 465; 0 picks a free one). */
    @WithDefault("1465")
    int tlsPort();

    /** The server's name in the greeting, the Received header and generated Message-IDs. */
    @WithDefault("localhost")
    String hostname();

    /** Whether AUTH is offered without TLS to clients on a loopback address (never to others). */
    @WithDefault("false")
    boolean allowPlaintextOnLoopback();

    /** Largest accepted message in octets, added headers included (advertised as SIZE; larger: 552 5.3.4). */
    @WithDefault("52428800")
    long maxMessageSize();

    /** Longest accepted command line in octets (longer: 500 5.5.2). */
    @WithDefault("2048")
    int maxLineLength();

    /** Most recipients of one message, per account (more: 452 4.5.3). */
    @WithDefault("100")
    int maxRecipients();

    /** Most messages one account may submit within an hour, counted across replicas (more: 451 4.7.1). */
    @WithDefault("500")
    int maxMessagesPerHour();

    /** A connection without input for this long is closed (421 4.4.2; RFC 5321 4.5.3.2 suggests 5 minutes). */
    @WithDefault("5m")
    Duration idleTimeout();

    /** Failed AUTH attempts allowed on one connection; the connection is closed after the last. */
    @WithDefault("3")
    int maxFailedLogins();

    /** Failed logins allowed from one client address within {@code failed-login-window}; then AUTH is refused unchecked. */
    @WithDefault("10")
    int maxFailedLoginsPerAddress();

    /** The window over which failed logins per client address are counted. */
    @WithDefault("15m")
    Duration failedLoginWindow();

    /** Folder of the spool files messages are streamed to before they are stored; default: java.io.tmpdir. */
    Optional<Path> spoolDir();

    /** The smarthost every submitted message is relayed to. */
    Relay relay();

    /** Relaying to the smarthost (the SMTP client side). */
    interface Relay {

        /** Whether this replica relays queued messages (every replica may: rows are claimed with a lease). */
        @WithDefault("true")
        boolean enabled();

        /** Host name of the smarthost (the provider's outbound MTA). */
        @WithDefault("127.0.0.1")
        String host();

        /** Port of the smarthost (587 or 25 for STARTTLS, 465 with {@code implicit-tls}). */
        @WithDefault("25")
        int port();

        /** Speak TLS from the first byte (RFC 8314) instead of STARTTLS. */
        @WithDefault("false")
        boolean implicitTls();

        /** Refuse to relay unless the smarthost offers STARTTLS (otherwise STARTTLS is used whenever offered). */
        @WithDefault("false")
        boolean requireTls();

        /** Hosts whose TLS certificate is trusted without verification ("*" for all; tests only). */
        Optional<String> trustHosts();

        /** User name for AUTH at the smarthost; no AUTH when absent. */
        Optional<String> username();

        /** Password for AUTH at the smarthost. */
        Optional<String> password();

        /** The name this service gives in its EHLO to the smarthost. */
        @WithDefault("localhost")
        String heloName();

        /** Connect and read timeout of each smarthost conversation step. */
        @WithDefault("60s")
        Duration timeout();

        /** How long the client waits for the first relay attempt before it is told "queued" instead. */
        @WithDefault("30s")
        Duration syncWait();

        /** How long a relay attempt holds its queue row; a crashed replica's rows are retried after it. */
        @WithDefault("10m")
        Duration lease();

        /** How often the queue is looked at for messages due for another attempt. */
        @WithDefault("10s")
        String pollInterval();

        /** Wait before the first retry; doubled after each failed attempt, up to {@code max-backoff}. */
        @WithDefault("1m")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("1h")
        Duration maxBackoff();

        /** A message still not relayed after this long is given up and bounced to its sender. */
        @WithDefault("5d")
        Duration maxQueueLifetime();

        /** Messages claimed per poll round. */
        @WithDefault("20")
        int batchSize();

        /** Relay attempts running at once on this replica (each is a blocking SMTP conversation). */
        @WithDefault("8")
        int concurrency();

        /** How long relayed and bounced rows are kept (they count for the messages-per-hour limit). */
        @WithDefault("2d")
        Duration retention();
    }
}
