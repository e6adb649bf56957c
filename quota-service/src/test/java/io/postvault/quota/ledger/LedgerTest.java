package io.postvault.quota.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.quota.support.Broker;
import io.postvault.quota.support.Tenant;
import io.postvault.quota.support.TotalsStub;
import io.postvault.quota.support.Usage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger on the real broker and database: bytes move exactly, replays change nothing, reordering is harmless. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TotalsStub.class)
class LedgerTest {

    @Inject
    EntityManager em;

    @Test
    void deliveriesRemovalsAndArchiveEventsMoveBytesExactly() {
        Tenant t = Tenant.fresh();
        Event d1 = t.delivered(1000);
        Event d2 = t.delivered(2500);
        Event d3 = t.delivered(400);
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(null), d1, d2, d3);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(3900, 3, 0, 0));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(3900, 3, 0, 0));

        Event r1 = t.removed(d1);
        Broker.applied(em, r1);
        // In transit: no longer live, not yet confirmed by the archive.
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(2900, 2, 0, 0));

        Event s1 = t.stored(r1);
        Broker.applied(em, s1);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(2900, 2, 1000, 1));

        Event sent = t.submitted(700);
        Event sentStored = t.stored(sent);
        Broker.applied(em, sent, sentStored);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(2900, 2, 1700, 2));

        Broker.applied(em, t.deleted(s1));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(2900, 2, 700, 1));

        Broker.applied(em, t.evicted(null, sentStored));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(2900, 2, 0, 0));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(2900, 2, 0, 0));
    }

    @Test
    void aRemovedCopyFreesItsSpaceWithNoArchiveBytesAndAMoveChangesNothing() {
        Tenant t = Tenant.fresh();
        Event d = t.delivered(1000);
        Event copy = t.copied(d, "Projects");
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(null), d, copy);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(2000, 2, 0, 0));

        Event copyRemoved = t.copyRemoved(d);
        Broker.send(t.moved(copy, "Trash")); // skipped before the inbox: never recorded as applied
        Broker.applied(em, copyRemoved);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(1000, 1, 0, 0));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(1000, 1, 0, 0));

        // a replay of the copy removal changes nothing; the last copy's removal is archived as any removal
        Event removed = t.removed(copy);
        Broker.applied(em, copyRemoved, removed, t.stored(removed));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(0, 0, 1000, 1));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(0, 0, 1000, 1));
    }

    @Test
    void theSentCopyOfASubmissionIsLiveUntilItsCopyRemovalAndArchivedOnceByTheSubmission() {
        Tenant t = Tenant.fresh();
        Event sent = t.submitted(700);
        Event sentCopy = t.sentCopy(sent);
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(null), sent, t.stored(sent), sentCopy);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(700, 1, 700, 1));

        // its removal, the last copy's too, is a message.copy-removed: the space is freed, nothing is archived again
        Broker.applied(em, t.copyRemoved(sentCopy));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(0, 0, 700, 1));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(0, 0, 700, 1));
    }

    @Test
    void replayingEveryEventTwiceChangesNothing() {
        Tenant t = Tenant.fresh();
        Tenant bob = t.sibling("bob");
        List<Event> history = new ArrayList<>(List.of(t.domainCreated(1_000_000), t.accountCreated(null),
                bob.accountCreated(5_000_000L)));
        for (int i = 0; i < 5; i++) {
            Event d = t.delivered(100 + i);
            Event r = t.removed(d);
            history.addAll(List.of(d, bob.delivered(1000 + i), r, t.stored(r)));
        }
        Event sent = bob.submitted(333);
        history.addAll(List.of(sent, bob.stored(sent)));
        Broker.applied(em, history.toArray(Event[]::new));
        Usage alice = Usage.ofAccount(t.address);
        Usage domain = Usage.ofDomain(t.domain);
        assertThat(alice).isEqualTo(new Usage(0, 0, 510, 5));
        assertThat(domain).isEqualTo(new Usage(5010, 5, 843, 6));

        Broker.send(history.toArray(Event[]::new));
        Broker.send(history.toArray(Event[]::new));
        // Markers behind the replays on both topics (same keys, so same partitions): a delivery of one byte, and an
        // acknowledgement of a removal never made (it waits for its source, so it counts nothing).
        Event marker = t.delivered(1);
        Broker.applied(em, marker, t.stored(t.removed(t.delivered(7))), bob.delivered(1));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(1, 1, 510, 5));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(5012, 7, 843, 6));
    }

    @Test
    void archiveStoredBeforeItsRemovalIsCountedOnceNeverTwice() {
        Tenant t = Tenant.fresh();
        Event d = t.delivered(5000);
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(null), d);
        Event r = t.removed(d);

        Broker.applied(em, t.stored(r));
        assertThat(Usage.ofAccount(t.address)).as("still live: not archived as well").isEqualTo(new Usage(5000, 1, 0, 0));
        Broker.applied(em, r);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(0, 0, 5000, 1));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(0, 0, 5000, 1));
    }

    @Test
    void archiveEntryEvictedBeforeItsRemovalArrivesNeverGoesNegative() {
        Tenant t = Tenant.fresh();
        Event d = t.delivered(300);
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(null), d);
        Event r = t.removed(d);
        Event s = t.stored(r);

        Broker.applied(em, s, t.evicted(null, s));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(300, 1, 0, 0));
        Broker.applied(em, r);
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(0, 0, 0, 0));

        // The usual order afterwards still counts.
        Event d2 = t.delivered(40);
        Event r2 = t.removed(d2);
        Broker.applied(em, d2, r2, t.stored(r2));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(0, 0, 40, 1));
    }

    @Test
    void deletingAnAccountMovesItsBytesFromOccupiedToArchives() {
        Tenant t = Tenant.fresh();
        Tenant bob = t.sibling("bob");
        Event d1 = t.delivered(1200);
        Event d2 = t.delivered(800);
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(null), bob.accountCreated(null), d1, d2,
                bob.delivered(50));
        // Account deletion: every message removed (archived), then account.deleted.
        Event r1 = t.removed(d1);
        Event r2 = t.removed(d2);
        Broker.applied(em, r1, r2, t.stored(r1), t.stored(r2), t.accountDeleted());
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(50, 1, 2000, 2));
        given().when().get("/internal/domains/" + t.domain + "/accounts/usage").then().statusCode(200)
                .body("items.address", contains(t.address, bob.address))
                .body("items[0].deleted", equalTo(true)).body("items[0].archiveBytes", equalTo(2000))
                .body("items[0].occupiedBytes", equalTo(0));
    }
    @Test
    void aBurstOverManyDomainsAndAccountsIsAppliedExactlyAndReplaysChangeNothing() {
        // Sent in one burst, so the consumer takes them in large batches spanning every domain and account.
        List<Tenant> tenants = new ArrayList<>();
        List<Event> burst = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            Tenant t = Tenant.fresh();
            tenants.add(t);
            burst.add(t.domainCreated(1_000_000_000));
            for (String user : List.of("bob", "carol", "dave", "erin")) {
                Tenant account = t.sibling(user);
                burst.add(account.accountCreated(null));
                for (int m = 0; m < 40; m++) {
                    Event delivered = account.delivered(100 + m);
                    burst.add(delivered);
                    if (m % 4 == 0) {
                        Event removed = account.removed(delivered);
                        burst.addAll(List.of(removed, account.stored(removed)));
                    }
                }
            }
        }
        Broker.send(burst.toArray(Event[]::new));
        Broker.applied(em, burst.toArray(Event[]::new)); // sent again: every event a replay
        // Per account: 40 deliveries of 100..139 bytes (4,780), the 10 of them with m % 4 == 0 archived (1,180).
        for (Tenant t : tenants) {
            assertThat(Usage.ofAccount(t.sibling("carol").address)).isEqualTo(new Usage(3600, 30, 1180, 10));
            assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(4 * 3600, 4 * 30, 4 * 1180, 4 * 10));
        }
    }
}
