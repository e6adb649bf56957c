package io.postvault.protocol.fake;

import io.postvault.protocol.lmtp.LmtpConfig;
import io.postvault.protocol.lmtp.LmtpServer;
import io.postvault.protocol.pop3.Pop3Config;
import io.postvault.protocol.pop3.Pop3Server;
import io.postvault.protocol.tls.ServerTls;
import io.postvault.protocol.tls.TlsConfig;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/** LMTP and POP3 servers on free loopback ports over a {@link FakeStore}, for tests without Quarkus. */
public final class TestServers implements AutoCloseable {

    private static Vertx shared;
    private static ServerTls sharedTls;

    public final FakeStore store = new FakeStore();
    public final LmtpServer lmtp;
    public final Pop3Server pop3;
    public final ServerTls tls;

    /** @param overrides config overrides such as {@code pop3.idle-timeout=1s} or {@code lmtp.max-message-size=100} */
    public TestServers(Map<String, String> overrides) {
        Map<String, String> lmtpConfig = new HashMap<>(Map.of("port", "0"));
        Map<String, String> pop3Config = new HashMap<>(Map.of("port", "0", "tls-port", "0", "host", "127.0.0.1",
                "allow-plaintext-on-loopback", "true"));
        overrides.forEach((key, value) -> {
            if (key.startsWith("lmtp.")) {
                lmtpConfig.put(key.substring(5), value);
            } else if (key.startsWith("pop3.")) {
                pop3Config.put(key.substring(5), value);
            } else {
                throw new IllegalArgumentException("unknown config " + key);
            }
        });
        tls = tls();
        lmtp = new LmtpServer(vertx(), TestConfigs.of(LmtpConfig.class, lmtpConfig), store, store);
        pop3 = new Pop3Server(vertx(), TestConfigs.of(Pop3Config.class, pop3Config), tls, store, store);
        join(lmtp.start().mapEmpty());
        join(pop3.start());
    }

    public static synchronized Vertx vertx() {
        if (shared == null) {
            shared = Vertx.vertx();
        }
        return shared;
    }

    private static synchronized ServerTls tls() {
        if (sharedTls == null) {
            sharedTls = new ServerTls(TestConfigs.of(TlsConfig.class, Map.of()));
        }
        return sharedTls;
    }

    private static void join(io.vertx.core.Future<?> future) {
        future.toCompletionStage().toCompletableFuture().join();
    }

    @Override
    public void close() {
        join(lmtp.stop());
        join(pop3.stop());
    }
}
