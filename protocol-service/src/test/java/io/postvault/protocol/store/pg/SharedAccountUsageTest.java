package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.AccountKind;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.support.Spool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A shared account's messages occupy the domain's space like any account's, and leave it through the archive. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class SharedAccountUsageTest {

    @Inject
    MailDelivery delivery;
    @Inject
    Recipients recipients;
    @Inject
    AccountService accounts;
    @Inject
    MessageRemoval removal;
    @Inject
    Db db;

    @Test
    void sharedAccountMessagesCountInTheDomainAndTheirRemovalIsArchived() {
        String domain = "shu-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, 1_000_000L);
        accounts.createAccount(domain, "team", null, "SHARED", null, null);
        Mailbox team = recipients.find("team@" + domain).orElseThrow();
        assertThat(team.kind()).isEqualTo(AccountKind.SHARED);

        SpooledMessage first = Spool.sized("to the team", 300);
        SpooledMessage second = Spool.sized("again", 500);
        assertThat(delivery.deliver(first, "x@example.com", List.of(team))).containsEntry(team,
                DeliveryOutcome.DELIVERED);
        assertThat(delivery.deliver(second, "x@example.com", List.of(team))).containsEntry(team,
                DeliveryOutcome.DELIVERED);
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain)).isEqualTo(800);
        assertThat(db.number("SELECT sum(message_count) FROM domain_usage WHERE domain = ?", domain)).isEqualTo(2);
        assertThat(accounts.domain(domain).occupiedBytes()).isEqualTo(800);

        long firstId = db.number("SELECT id FROM message WHERE account_id = ? AND uid = 1", team.accountId());
        int removed = QuarkusTransaction.requiringNew().call(() ->
                removal.remove(team.accountId(), List.of(firstId), RemovalReason.IMAP_EXPUNGE));
        assertThat(removed).isEqualTo(1);
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain)).isEqualTo(500);
        assertThat(db.number("SELECT sum(message_count) FROM domain_usage WHERE domain = ?", domain)).isEqualTo(1);

        List<Event> archived = await().atMost(Duration.ofSeconds(60)).until(() -> MailTopic.ofDomain(domain).stream()
                .filter(e -> e.type() == EventType.MESSAGE_REMOVED).toList(), events -> !events.isEmpty());
        assertThat(archived).hasSize(1);
        assertThat(archived.get(0).account()).isEqualTo(team.accountId().toString());
    }
}
