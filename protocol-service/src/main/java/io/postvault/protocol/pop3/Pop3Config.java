package io.postvault.protocol.pop3;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The POP3 server (RFC 1939, 2449, 2595, 5034): a plain port with STLS and an implicit-TLS port. */
@ConfigMapping(prefix = "postvault.pop3")
public interface Pop3Config {

    /** Whether the POP3 server starts. */
    @WithDefault("true")
    boolean enabled();

    /** Address to listen on. */
    @WithDefault("0.0.0.0")
    String host();

    /** Plain port, upgraded with STLS (0 picks a free one, as in tests). */
    @WithDefault("1110")
    int port();

    /** Implicit-TLS port (0 picks a free one). */
    @WithDefault("1995")
    int tlsPort();

    /** The server's name in the greeting. */
    @WithDefault("localhost")
    String hostname();

    /** Whether USER/PASS/AUTH are allowed without TLS to clients on a loopback address (never to others). */
    @WithDefault("false")
    boolean allowPlaintextOnLoopback();

    /** A connection without input or output for this long is closed (RFC 1939: at least 10 minutes). */
    @WithDefault("10m")
    Duration idleTimeout();

    /** Longest accepted command line in octets (RFC 2449 allows 255; longer: -ERR, the connection stays). */
    @WithDefault("1024")
    int maxLineLength();

    /** Failed logins allowed on one connection; the connection is closed after the last. */
    @WithDefault("3")
    int maxFailedLogins();

    /** Failed logins allowed from one client address within {@code failed-login-window}; then logins are refused unchecked. */
    @WithDefault("10")
    int maxFailedLoginsPerAddress();

    /** The window over which failed logins per client address are counted. */
    @WithDefault("15m")
    Duration failedLoginWindow();

    /** How often a session renews its maildrop lock lease (well below the store's lease time). */
    @WithDefault("30s")
    Duration lockRenewInterval();
}
