package io.postvault.protocol.imap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The IMAP server (RFC 3501 and extensions): a plain port with STARTTLS and an implicit-TLS port. */
@ConfigMapping(prefix = "postvault.imap")
public interface ImapConfig {

    /** Whether the IMAP server starts. */
    @WithDefault("true")
    boolean enabled();

    /** Address to listen on. */
    @WithDefault("0.0.0.0")
    String host();

    /** Plain port, upgraded with STARTTLS (0 picks a free one). */
    @WithDefault("1143")
    int port();

    /** Implicit-TLS port (0 picks a free one). */
    @WithDefault("1993")
    int tlsPort();

    /** The server's name in the greeting. */
    @WithDefault("localhost")
    String hostname();

    /** Whether LOGIN/AUTHENTICATE are allowed without TLS to clients on a loopback address (never to others). */
    @WithDefault("false")
    boolean allowPlaintextOnLoopback();

    /** A connection without input or output for this long is closed (RFC 3501: at least 30 minutes). */
    @WithDefault("30m")
    Duration idleTimeout();

    /** Longest command line in octets, literals excluded. */
    @WithDefault("65536")
    int maxLineLength();

    /** Largest literal in octets (APPEND: the largest message). */
    @WithDefault("52428800")
    long maxLiteralSize();

    /**
     * Literals larger than this (APPEND messages) are written to the spool folder as they arrive instead of being
     * held in memory.
     */
    @WithDefault("65536")
    long literalSpoolThreshold();

    /** Most literals in one command. */
    @WithDefault("64")
    int maxLiterals();

    /** Most keys in one SEARCH. */
    @WithDefault("10000")
    int maxSearchKeys();

    /** Failed logins allowed on one connection; the connection is closed after the last. */
    @WithDefault("3")
    int maxFailedLogins();

    /** Failed logins allowed from one client address within {@code failed-login-window}; then logins are refused unchecked. */
    @WithDefault("10")
    int maxFailedLoginsPerAddress();

    /** The window over which failed logins per client address are counted. */
    @WithDefault("15m")
    Duration failedLoginWindow();

    /** Messages whose metadata FETCH reads from the database at once. */
    @WithDefault("500")
    int fetchBatchSize();

    /** Folder for APPEND literals on their way to the object store (default: java.io.tmpdir/postvault-spool). */
    java.util.Optional<String> spoolDir();
}
