package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.quota.PlanLimits;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.Spool;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A domain's usage lives in stripes (V44): writers of accounts on different stripes do not wait for each other, the
 * sums stay exact, and the domain's quota still holds across stripes.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class DomainUsageStripesTest {

    @Inject
    MailDelivery delivery;
    @Inject
    AccountService accountService;
    @Inject
    Recipients recipients;
    @Inject
    ImapMessages messages;
    @Inject
    PlanLimits plans;
    @Inject
    MessageRemoval removal;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Db db;

    @Test
    void aNewDomainHasItsStripesEmpty() {
        String domain = newDomain(1_000_000L);
        assertThat(db.number("SELECT count(*) FROM domain_usage WHERE domain = ?", domain))
                .isEqualTo(DomainUsage.STRIPES);
        assertThat(db.number("SELECT count(DISTINCT stripe) FROM domain_usage WHERE domain = ?"
                + " AND occupied_bytes = 0 AND message_count = 0", domain)).isEqualTo(DomainUsage.STRIPES);
    }

    @Test
    void aDeliveryWaitsOnlyForWritersOfItsOwnStripe() throws Exception {
        String domain = newDomain(1_000_000L);
        List<Mailbox> two = onTwoStripes(domain);
        Mailbox held = two.get(0);
        Mailbox other = two.get(1);
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            // a writer of `held`'s account, between its usage update and its commit
            try (PreparedStatement ps = holder.prepareStatement(DomainUsage.ADD)) {
                ps.setLong(1, 0);
                ps.setLong(2, 0);
                ps.setString(3, domain);
                ps.setInt(4, DomainUsage.stripe(held.accountId()));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            // another account's delivery goes through meanwhile (with one row per domain it waited here)
            assertThat(delivery.deliver(Spool.sized("other stripe", 400), "s@example.com", List.of(other)))
                    .containsEntry(other, DeliveryOutcome.DELIVERED);
            // a delivery to the held account's stripe waits for the holder
            CompletableFuture<Map<Mailbox, DeliveryOutcome>> same = CompletableFuture.supplyAsync(
                    () -> delivery.deliver(Spool.sized("same stripe", 300), "s@example.com", List.of(held)));
            await().atMost(Duration.ofSeconds(30)).until(() -> db.number("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE '%domain_usage%'") > 0);
            assertThat(same).isNotDone();
            holder.rollback();
            assertThat(same.get(30, TimeUnit.SECONDS)).containsEntry(held, DeliveryOutcome.DELIVERED);
        }
        assertThat(stripe(domain, held)).containsExactly(300L, 1L);
        assertThat(stripe(domain, other)).containsExactly(400L, 1L);
    }

    @Test
    void eachAccountsMessagesCountInItsOwnStripeAndTheSumsMatchTheAccounts() {
        String domain = newDomain(1_000_000L);
        List<Mailbox> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(account(domain, "u" + i));
        }
        // one delivery to every account (one transaction over several stripes), then one more to the first
        assertThat(delivery.deliver(Spool.sized("to all", 500), "s@example.com", all).values())
                .containsOnly(DeliveryOutcome.DELIVERED);
        assertThat(delivery.deliver(Spool.sized("to one", 700), "s@example.com", List.of(all.get(0))))
                .containsEntry(all.get(0), DeliveryOutcome.DELIVERED);

        for (int stripe = 0; stripe < DomainUsage.STRIPES; stripe++) {
            long expected = 0;
            for (Mailbox m : all) {
                if (DomainUsage.stripe(m.accountId()) == stripe) {
                    expected += db.number("SELECT occupied_bytes FROM account_usage WHERE account_id = ?",
                            m.accountId());
                }
            }
            assertThat(db.number("SELECT occupied_bytes FROM domain_usage WHERE domain = ? AND stripe = ?", domain,
                    stripe)).as("stripe %d", stripe).isEqualTo(expected);
        }
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain))
                .isEqualTo(6 * 500 + 700);
        assertThat(accountService.domain(domain).occupiedBytes()).isEqualTo(6 * 500 + 700);
    }

    @Test
    void theDomainsQuotaCountsEveryStripe() {
        String domain = newDomain(1_000L);
        List<Mailbox> two = onTwoStripes(domain);
        assertThat(delivery.deliver(Spool.sized("first", 600), "s@example.com", List.of(two.get(0))))
                .containsEntry(two.get(0), DeliveryOutcome.DELIVERED);
        // 600 in one stripe + 600 more in another would pass 1,000 in all
        assertThat(delivery.deliver(Spool.sized("second", 600), "s@example.com", List.of(two.get(1))))
                .containsEntry(two.get(1), DeliveryOutcome.OVER_QUOTA);
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain))
                .isEqualTo(600);
    }

    @Test
    void anAppendPastItsStripesShareTakesFromTheOthersUpToTheQuotaExactly() throws Exception {
        String domain = newDomain(16 * 100L); // each stripe's share: 100 bytes
        Mailbox alice = account(domain, "alice");
        Path dir = Files.createTempDirectory("stripes");
        Path big = Files.writeString(dir.resolve("big"), "Subject: big\r\n\r\n" + "x".repeat(1000) + "\r\n");
        long size = Files.size(big);

        messages.append(alice, "INBOX", Set.of(), Instant.now(), big); // 1,000+ bytes > 100: the locked path
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain)).isEqualTo(size);
        assertThat(db.number("SELECT sum(allowance_bytes) FROM domain_usage WHERE domain = ?", domain))
                .isEqualTo(16 * 100L);
        // what is left (< 1,000) does not take a second one, whichever stripe asks
        assertThatThrownBy(() -> messages.append(alice, "INBOX", Set.of(), Instant.now(), big))
                .isInstanceOf(MailboxException.class).hasMessageContaining("Quota");
        Mailbox other = onTwoStripes(domain).get(1);
        assertThatThrownBy(() -> messages.append(other, "INBOX", Set.of(), Instant.now(), big))
                .isInstanceOf(MailboxException.class).hasMessageContaining("Quota");
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain)).isEqualTo(size);
    }

    @Test
    void aLoweredQuotaHoldsAtOnceInEveryStripe() {
        String domain = newDomain(1_000_000L);
        List<Mailbox> two = onTwoStripes(domain);
        assertThat(delivery.deliver(Spool.sized("before", 400), "s@example.com", List.of(two.get(0))))
                .containsEntry(two.get(0), DeliveryOutcome.DELIVERED);
        assertThat(plans.apply(domain, new PlanChanged(QuotaScope.DOMAIN, null, 500L))).isTrue();
        // the other stripe had a share of 62,500 bytes of the old quota: no longer
        assertThat(delivery.deliver(Spool.sized("after", 200), "s@example.com", List.of(two.get(1))))
                .containsEntry(two.get(1), DeliveryOutcome.OVER_QUOTA);
        assertThat(db.number("SELECT sum(allowance_bytes) FROM domain_usage WHERE domain = ?", domain))
                .isEqualTo(500);
    }

    @Test
    void aDomainPastALoweredQuotaTakesNothingMoreUntilItFitsAgain() {
        String domain = newDomain(1_000_000L);
        List<Mailbox> two = onTwoStripes(domain);
        Mailbox a = two.get(0);
        Mailbox b = two.get(1);
        delivery.deliver(Spool.sized("a", 400), "s@example.com", List.of(a));
        delivery.deliver(Spool.sized("b", 400), "s@example.com", List.of(b));
        assertThat(plans.apply(domain, new PlanChanged(QuotaScope.DOMAIN, null, 700L))).isTrue(); // 800 > 700
        // a's stripe frees its 400 bytes: 400 in all, and a's stripe must not take them again past the quota
        QuarkusTransaction.requiringNew().run(() -> removal.remove(a.accountId(),
                db.rows("SELECT id FROM message WHERE account_id = ?", a.accountId()).stream()
                        .map(row -> (Long) row.get("id")).toList(), RemovalReason.IMAP_EXPUNGE));
        assertThat(delivery.deliver(Spool.sized("too much", 400), "s@example.com", List.of(a)))
                .containsEntry(a, DeliveryOutcome.OVER_QUOTA);
        assertThat(delivery.deliver(Spool.sized("fits", 250), "s@example.com", List.of(a)))
                .containsEntry(a, DeliveryOutcome.DELIVERED);
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain))
                .isEqualTo(650);
    }

    private String newDomain(long quotaBytes) {
        String domain = StoreAccounts.newDomain("stripes-");
        accountService.createDomain(domain, quotaBytes);
        return domain;
    }

    private Mailbox account(String domain, String localPart) {
        accountService.createAccount(domain, localPart, "stripes-password", "PERSONAL", null, null);
        return recipients.find(localPart + "@" + domain).orElseThrow();
    }

    /** Two accounts of the domain whose usage goes to different stripes. */
    private List<Mailbox> onTwoStripes(String domain) {
        Mailbox first = account(domain, "first");
        for (int i = 0; ; i++) {
            Mailbox next = account(domain, "next" + i);
            if (DomainUsage.stripe(next.accountId()) != DomainUsage.stripe(first.accountId())) {
                return List.of(first, next);
            }
        }
    }

    private List<Long> stripe(String domain, Mailbox account) {
        Map<String, Object> row = db.rows("SELECT occupied_bytes, message_count FROM domain_usage"
                + " WHERE domain = ? AND stripe = ?", domain, DomainUsage.stripe(account.accountId())).get(0);
        return List.of((Long) row.get("occupied_bytes"), (Long) row.get("message_count"));
    }
}
