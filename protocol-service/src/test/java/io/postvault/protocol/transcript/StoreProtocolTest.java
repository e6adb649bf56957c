package io.postvault.protocol.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.clients.PythonClients;
import io.postvault.protocol.fake.FakeStore;
import io.postvault.protocol.lmtp.LmtpServer;
import io.postvault.protocol.pop3.Pop3Server;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transcripts and the Python clients against the servers as the application starts them, over the real store
 * (PostgreSQL, Kafka, S3). Scripts with their own {@code !config} need other settings than the application's and run
 * over the fake store only (TranscriptTest); so do those that inject store failures.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class StoreProtocolTest {

    @Inject
    LmtpServer lmtp;
    @Inject
    Pop3Server pop3;
    @Inject
    AccountService accountService;
    @Inject
    Recipients recipients;
    @Inject
    Maildrops maildrops;
    @Inject
    MailDelivery delivery;

    static Stream<String> scripts() throws Exception {
        return TranscriptTest.scripts();
    }

    @Test
    void theRealStoreIsWiredNotAFake() {
        assertThat(delivery).isNotInstanceOf(FakeStore.class);
        assertThat(maildrops).isNotInstanceOf(FakeStore.class);
        assertThat(lmtp.port()).isPositive();
        assertThat(pop3.port()).isPositive();
        assertThat(pop3.tlsPort()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void transcript(String name) throws Exception {
        Path file = Path.of(StoreProtocolTest.class.getResource("/transcripts/" + name).toURI());
        List<String> script = Files.readAllLines(file, StandardCharsets.UTF_8);
        Assumptions.assumeTrue(TranscriptRunner.config(script).isEmpty(), "needs its own server configuration");
        new TranscriptRunner(accounts(), port -> switch (port) {
            case "lmtp" -> lmtp.port();
            case "pop3" -> pop3.port();
            case "pop3s" -> pop3.tlsPort();
            default -> throw new IllegalArgumentException(port);
        }).run(script);
    }

    @Test
    void pythonClients() throws Exception {
        PythonClients.deliverAndFetch(accounts(), lmtp.port(), pop3.port(), pop3.tlsPort());
    }

    private StoreTestAccounts accounts() {
        return new StoreTestAccounts(accountService, recipients, maildrops);
    }
}
