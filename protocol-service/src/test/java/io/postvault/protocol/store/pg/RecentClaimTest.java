package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.transcript.StoreTestAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * \Recent is decided by the database: sessions that select a folder at the same moment (on any replica: each claim is
 * its own statement on its own connection) never both get a message as recent, and none is lost.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class RecentClaimTest {

    @Inject
    ImapMessages messages;
    @Inject
    AccountService accounts;
    @Inject
    Recipients recipients;
    @Inject
    Maildrops maildrops;

    @Test
    void concurrentClaimsTakeDisjointRangesThatCoverEveryMessage() throws Exception {
        String address = "recent@recent" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        new StoreTestAccounts(accounts, recipients, maildrops).createAccount(address, "recent-secret");
        Mailbox mailbox = recipients.find(address).orElseThrow();
        Path dir = Files.createTempDirectory("recent");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<long[]> claimed = new ArrayList<>(); // [from, to) per claim
            for (int round = 1; round <= 5; round++) {
                Path file = Files.writeString(dir.resolve("m" + round), "Subject: " + round + "\r\n\r\nx\r\n");
                messages.append(mailbox, "INBOX", Set.of(), Instant.now(), file);
                ImapMessages.Opened opened = messages.open(mailbox, "INBOX");
                long id = opened.folderId();
                long uidNext = opened.uidNext();
                assertThat(messages.recent(id, uidNext, false)).as("EXAMINE sees it unclaimed").isEqualTo(uidNext - 1);
                List<Future<Long>> claims = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Callable<Long> claim = () -> messages.recent(id, uidNext, true);
                    claims.add(pool.submit(claim));
                }
                for (Future<Long> claim : claims) {
                    long from = claim.get();
                    if (from < uidNext) {
                        claimed.add(new long[] {from, uidNext});
                    }
                }
                assertThat(messages.recent(id, uidNext, false)).as("nothing left unclaimed").isEqualTo(uidNext);
            }
            // each message was claimed once: five claims, one per round, [1,2), [2,3), ... [5,6)
            assertThat(claimed).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(claimed.get(i)).containsExactly(i + 1, i + 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
