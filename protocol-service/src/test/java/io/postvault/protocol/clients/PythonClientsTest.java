package io.postvault.protocol.clients;

import io.postvault.protocol.fake.TestServers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python client story over the in-memory fake store (the same story runs against the real store in StoreClientsTest). */
class PythonClientsTest {

    @Test
    void smtplibDeliversAndPoplibFetchesOverTlsAndStls() throws Exception {
        try (TestServers servers = new TestServers(Map.of("pop3.allow-plaintext-on-loopback", "false"))) {
            PythonClients.deliverAndFetch(servers.store, servers.lmtp.port(), servers.pop3.port(), servers.pop3.tlsPort());
        }
    }
}
