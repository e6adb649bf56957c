package io.postvault.protocol.net;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The HAProxy PROXY protocol (v1 and v2) on the IMAP, POP3 and submission ports, for a load balancer that forwards TCP
 * (Kubernetes LoadBalancer, HAProxy): the client's own address then reaches the login throttles and the logs. Only turn
 * it on behind such a proxy: with it on, every connection must start with a PROXY header, which anyone could forge
 * when reaching the ports directly.
 */
@ConfigMapping(prefix = "postvault.proxy-protocol")
public interface ProxyProtocolConfig {

    @WithDefault("false")
    boolean enabled();

    /** How long a new connection may take to send its PROXY header before it is closed. */
    @WithDefault("10s")
    Duration timeout();
}
