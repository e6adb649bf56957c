package io.postvault.protocol.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.submission.relay.SubmissionRelay;
import io.postvault.protocol.tls.ServerTls;
import io.postvault.protocol.transcript.StoreTestAccounts;
import io.postvault.protocol.transcript.TranscriptRunner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The submission transcripts (transcripts/smtp) against the server the application starts, over the real store and
 * relaying to the test smarthost. A script with {@code !config submission.KEY=VALUE} lines runs on a second server with
 * those settings (same store, queue and relay).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(SmarthostTestResource.class)
class SubmissionProtocolTest {

    @Inject
    SubmissionServer submission;
    @Inject
    SubmissionConfig config;
    @Inject
    Vertx vertx;
    @Inject
    ServerTls tls;
    @Inject
    Authenticator authenticator;
    @Inject
    SubmissionQueue queue;
    @Inject
    SubmissionRelay relay;
    @Inject
    SentCopies sentCopies;
    @Inject
    AccountService accountService;
    @Inject
    Recipients recipients;
    @Inject
    Maildrops maildrops;

    static Stream<String> scripts() throws Exception {
        Path folder = Path.of(SubmissionProtocolTest.class.getResource("/transcripts/smtp").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".smtp")).sorted().toList()
                    .stream();
        }
    }

    @Test
    void theApplicationStartsBothPorts() {
        assertThat(submission.port()).isPositive();
        assertThat(submission.tlsPort()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void transcript(String name) throws Exception {
        Path file = Path.of(SubmissionProtocolTest.class.getResource("/transcripts/smtp/" + name).toURI());
        List<String> script = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> overrides = TranscriptRunner.config(script);
        SubmissionServer server = submission;
        if (!overrides.isEmpty()) {
            server = new SubmissionServer(vertx, override(config, overrides), tls, authenticator, queue, relay,
                    sentCopies);
            server.start().toCompletionStage().toCompletableFuture().join();
        }
        try {
            SubmissionServer running = server;
            new TranscriptRunner(accounts(), port -> switch (port) {
                case "smtp" -> running.port();
                case "smtps" -> running.tlsPort();
                default -> throw new IllegalArgumentException(port);
            }).run(script);
        } finally {
            if (server != submission) {
                server.stop().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    StoreTestAccounts accounts() {
        return new StoreTestAccounts(accountService, recipients, maildrops);
    }

    /** The configuration with {@code submission.KEY=VALUE} overrides (ports always 0: a second server). */
    static SubmissionConfig override(SubmissionConfig base, Map<String, String> overrides) {
        return (SubmissionConfig) Proxy.newProxyInstance(SubmissionConfig.class.getClassLoader(),
                new Class<?>[] {SubmissionConfig.class}, (proxy, method, args) -> {
                    String key = method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
                    if (key.equals("port") || key.equals("tls-port")) {
                        return 0;
                    }
                    String value = overrides.get("submission." + key);
                    if (value == null) {
                        return method.invoke(base, args);
                    }
                    Class<?> type = method.getReturnType();
                    if (type == int.class) {
                        return Integer.parseInt(value);
                    } else if (type == long.class) {
                        return Long.parseLong(value);
                    } else if (type == boolean.class) {
                        return Boolean.parseBoolean(value);
                    } else if (type == java.time.Duration.class) {
                        return java.time.Duration.parse("PT" + value.toUpperCase(Locale.ROOT)); // 1s, 5m
                    }
                    return value;
                });
    }
}
