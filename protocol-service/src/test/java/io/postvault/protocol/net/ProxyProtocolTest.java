package io.postvault.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.fake.TestConfigs;
import io.postvault.protocol.tls.ServerTls;
import io.postvault.protocol.tls.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mail listeners behind a TCP load balancer: the client's address comes from the PROXY header (HAProxy v1). */
class ProxyProtocolTest {

    private final Vertx vertx = Vertx.vertx();
    private PlainAndTlsListeners listeners;

    @AfterEach
    void stop() throws Exception {
        if (listeners != null) {
            listeners.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Listeners whose sessions greet the client with the address they see, then close. */
    private int start(boolean proxyProtocol) throws Exception {
        ServerTls tls = new ServerTls(TestConfigs.of(TlsConfig.class, Map.of()),
                TestConfigs.of(ProxyProtocolConfig.class, Map.of("enabled", Boolean.toString(proxyProtocol),
                        "timeout", "2s")));
        listeners = new PlainAndTlsListeners(vertx, tls, new PlainAndTlsListeners.Binding("TEST", "STARTTLS",
                "127.0.0.1", 0, 0, 1000, Duration.ofSeconds(30)), (connection, implicitTls) -> new FrameHandler() {
            @Override
            public void start() {
                connection.writeLine("* you are " + connection.remoteIp()).onComplete(done -> connection.close());
            }

            @Override
            public Future<Void> handle(Frame frame) {
                return Future.succeededFuture();
            }

            @Override
            public String idleTimeoutReply() {
                return "* bye";
            }

            @Override
            public void closed() {
            }
        });
        listeners.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return listeners.port();
    }

    private static String greeting(int port, String header) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            if (header != null) {
                out.write(header.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void theClientAddressIsTheOneThePrologueNames() throws Exception {
        int port = start(true);
        assertThat(greeting(port, "PROXY TCP4 203.0.113.7 10.0.0.1 51000 143\r\n")).isEqualTo("* you are 203.0.113.7");
        assertThat(greeting(port, "PROXY TCP6 2001:db8::5 2001:db8::1 51000 143\r\n"))
                .isEqualTo("* you are 2001:db8:0:0:0:0:0:5");
    }

    @Test
    void aConnectionWithoutThePrologueIsClosedWhenTheProxyProtocolIsOn() throws Exception {
        int port = start(true);
        assertThat(greeting(port, null)).as("nothing sent: closed after the timeout, no greeting").isNull();
        assertThat(greeting(port, "A1 LOGIN alice secret\r\n")).as("not a PROXY header").isNull();
    }

    @Test
    void offByDefaultTheSocketAddressIsUsed() throws Exception {
        int port = start(false);
        assertThat(greeting(port, null)).isEqualTo("* you are 127.0.0.1");
    }
}
