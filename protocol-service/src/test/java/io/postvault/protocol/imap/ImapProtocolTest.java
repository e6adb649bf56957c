package io.postvault.protocol.imap;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.account.SharedAccess;
import io.postvault.protocol.quota.NearlyFullDomains;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.FolderChanges;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SharedMailboxes;
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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IMAP transcripts (transcripts/imap) against the server the application starts, over the real store. A script
 * with {@code !config imap.allow-plaintext-on-loopback=false} runs on a second server with that setting.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ImapProtocolTest {

    @Inject
    ImapServer imap;
    @Inject
    ImapConfig config;
    @Inject
    Vertx vertx;
    @Inject
    ServerTls tls;
    @Inject
    Authenticator authenticator;
    @Inject
    ImapFolders folders;
    @Inject
    ImapMessages messages;
    @Inject
    FolderChanges changes;
    @Inject
    NearlyFullDomains nearlyFull;
    @Inject
    SharedMailboxes shared;
    @Inject
    SharedAccess sharedAccess;
    @Inject
    AccountService accountService;
    @Inject
    Recipients recipients;
    @Inject
    Maildrops maildrops;

    static Stream<String> scripts() throws Exception {
        Path folder = Path.of(ImapProtocolTest.class.getResource("/transcripts/imap").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".imap")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void transcript(String name) throws Exception {
        Path file = Path.of(ImapProtocolTest.class.getResource("/transcripts/imap/" + name).toURI());
        List<String> script = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> overrides = TranscriptRunner.config(script);
        ImapServer server = imap;
        if (!overrides.isEmpty()) {
            server = new ImapServer(vertx, override(config, overrides), tls, authenticator, folders, messages, changes,
                    nearlyFull, shared);
            server.start().toCompletionStage().toCompletableFuture().join();
        }
        try {
            ImapServer running = server;
            new TranscriptRunner(new StoreTestAccounts(accountService, recipients, maildrops, sharedAccess), port -> switch (port) {
                case "imap" -> running.port();
                default -> throw new IllegalArgumentException(port);
            }).run(script);
        } finally {
            if (server != imap) {
                server.stop().toCompletionStage().toCompletableFuture().join();
            }
        }
        // every spooled APPEND literal is deleted once its command ended (the runner closed the connections)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            try (Stream<Path> files = Files.list(imap.spool())) {
                return files.noneMatch(f -> f.getFileName().toString().startsWith("literal-"));
            }
        });
    }

    @Test
    void pythonImaplib() throws Exception {
        ImapClients.imaplib(new StoreTestAccounts(accountService, recipients, maildrops), imap.port(), imap.tlsPort());
    }

    /** The configuration with "imap.x-y" overrides (boolean properties only) and free ports. */
    static ImapConfig override(ImapConfig base, Map<String, String> overrides) {
        return (ImapConfig) Proxy.newProxyInstance(ImapConfig.class.getClassLoader(), new Class<?>[] {ImapConfig.class},
                (proxy, method, args) -> {
                    String key = "imap." + method.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
                    if (overrides.containsKey(key)) {
                        return Boolean.parseBoolean(overrides.get(key));
                    }
                    if (method.getName().equals("port") || method.getName().equals("tlsPort")) {
                        return 0;
                    }
                    return method.invoke(base, args);
                });
    }
}
