package io.postvault.archive.service;

import static io.postvault.archive.support.TestKafka.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.MinioClient;
import io.postvault.archive.support.ArchiveDb;
import io.postvault.archive.support.TestKafka;
import io.postvault.archive.support.TestMail;
import io.postvault.archive.support.TestMail.Account;
import io.postvault.archive.support.TestMail.Blob;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.EvictionRequested;
import io.postvault.events.data.QuotaScope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** quota.eviction-requested frees the oldest entries of its scope, and retention evicts the same way. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class EvictionTest {

    private static final Instant T = Instant.parse("2026-01-10T00:00:00Z");

    @Inject
    MinioClient minio;
    @Inject
    ArchiveDb db;
    @Inject
    RetentionJob retention;

    @Test
    void domainEvictionFreesExactlyTheOldestEntriesAndAReplayEvictsNothingMore() {
        Account alice = Account.fresh();
        Account bob = Account.in(alice.domain());
        Blob shared = TestMail.store(minio, TestMail.message("shared", "x".repeat(1000)));
        Blob second = TestMail.store(minio, TestMail.message("second", "y".repeat(2000)));
        Blob third = TestMail.store(minio, TestMail.message("third", "z".repeat(500)));
        // Oldest first: removed-at, then internal date. second and third were removed at the same time; second has
        // the older internal date, so it goes before third.
        Event oldest = TestMail.removed(alice, shared, T, T.plusSeconds(10));
        Event secondOldest = TestMail.removed(bob, second, T.minusSeconds(5), T.plusSeconds(20));
        Event thirdOldest = TestMail.removed(bob, third, T, T.plusSeconds(20));
        Event newest = TestMail.removed(bob, shared, T, T.plusSeconds(30));
        List<Event> removals = List.of(oldest, secondOldest, thirdOldest, newest);
        TestKafka.publish(removals.toArray(Event[]::new));
        await().atMost(PATIENCE).until(() -> removals.stream().allMatch(e -> db.entryOf(e.id()).isPresent()));
        UUID oldestId = db.entryOf(oldest.id()).orElseThrow();
        UUID secondId = db.entryOf(secondOldest.id()).orElseThrow();
        long sizeOfTwo = shared.bytes().length + second.bytes().length;

        // One byte more than the oldest alone: the two oldest go, not a third.
        Event request = evictionRequest(alice.domain(), QuotaScope.DOMAIN, null, shared.bytes().length + 1L);
        TestKafka.publish(request);

        List<Event> evicted = evictedFor(request, 2);
        assertThat(evicted).extracting(Event::account).containsExactlyInAnyOrder(alice.id(), bob.id());
        assertThat(evicted).flatExtracting(e -> ((ArchiveEvicted) e.data()).entries())
                .extracting(ArchiveEvicted.Entry::archiveId).containsExactlyInAnyOrder(oldestId, secondId);
        assertThat(evicted).extracting(e -> ((ArchiveEvicted) e.data()).bytesFreed()).asList()
                .containsExactlyInAnyOrder((long) shared.bytes().length, (long) second.bytes().length);
        assertThat(db.count("domain = ?1", alice.domain())).isEqualTo(2);
        assertThat(db.entryOf(thirdOldest.id())).isPresent();
        assertThat(db.entryOf(newest.id())).isPresent();
        // The shared blob keeps its other reference; the second one's last reference went, and its object with it.
        assertThat(db.refs(shared.id())).isEqualTo(1);
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, shared.id())).isTrue();
        assertThat(db.refs(second.id())).isEqualTo(-1);
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, second.id())).isFalse();
        assertThat(sizeOfTwo).isEqualTo(evicted.stream().mapToLong(e -> ((ArchiveEvicted) e.data()).bytesFreed()).sum());

        TestKafka.publish(request);

        // The replay publishes the same two events again (same ids) and evicts nothing more.
        List<Event> again = evictedFor(request, 4);
        assertThat(again).containsExactlyInAnyOrderElementsOf(List.of(evicted.get(0), evicted.get(1),
                evicted.get(0), evicted.get(1)));
        assertThat(db.count("domain = ?1", alice.domain())).isEqualTo(2);
    }

    @Test
    void accountEvictionLeavesTheOtherAccountsAlone() {
        Account alice = Account.fresh();
        Account bob = Account.in(alice.domain());
        Blob bobs = TestMail.store(minio, TestMail.message("bob's", UUID.randomUUID().toString()));
        Blob alices = TestMail.store(minio, TestMail.message("alice's", UUID.randomUUID().toString()));
        Event bobsOlder = TestMail.removed(bob, bobs, T, T);
        Event alicesNewer = TestMail.removed(alice, alices, T, T.plusSeconds(60));
        TestKafka.publish(bobsOlder, alicesNewer);
        await().atMost(PATIENCE).until(() -> db.entryOf(bobsOlder.id()).isPresent()
                && db.entryOf(alicesNewer.id()).isPresent());

        Event request = evictionRequest(alice.domain(), QuotaScope.ACCOUNT, alice.address(), 1_000_000);
        TestKafka.publish(request);

        assertThat(evictedFor(request, 1)).singleElement()
                .satisfies(e -> assertThat(e.account()).isEqualTo(alice.id()));
        assertThat(db.entryOf(alicesNewer.id())).isEmpty();
        assertThat(db.entryOf(bobsOlder.id())).isPresent();
    }

    @Test
    void retentionEvictsTheEntriesOlderThanTheDomainsMaximumAge() {
        // application.properties: %test.postvault.archive.retention.domains."retention.test"=30d
        Account account = Account.in("retention.test");
        Instant now = Instant.parse("2026-06-30T00:00:00Z");
        Blob old = TestMail.store(minio, TestMail.message("old", UUID.randomUUID().toString()));
        Blob recent = TestMail.store(minio, TestMail.message("recent", UUID.randomUUID().toString()));
        Event oldRemoval = TestMail.removed(account, old, now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(31)));
        Event recentRemoval = TestMail.removed(account, recent, now.minus(Duration.ofDays(40)),
                now.minus(Duration.ofDays(29)));
        TestKafka.publish(oldRemoval, recentRemoval);
        await().atMost(PATIENCE).until(() -> db.entryOf(oldRemoval.id()).isPresent()
                && db.entryOf(recentRemoval.id()).isPresent());
        UUID oldId = db.entryOf(oldRemoval.id()).orElseThrow();

        Map<String, Integer> evicted = retention.run(now);

        assertThat(evicted.get("retention.test")).isPositive();
        assertThat(db.entryOf(oldRemoval.id())).isEmpty();
        assertThat(db.entryOf(recentRemoval.id())).isPresent();
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, old.id())).isFalse();
        TestKafka.readEventsUntil(Topics.ARCHIVE, events -> events.stream()
                .anyMatch(e -> e.data() instanceof ArchiveEvicted ev && ev.requestId() == null
                        && ev.entries().stream().anyMatch(x -> x.archiveId().equals(oldId))));
    }

    private static Event evictionRequest(String domain, QuotaScope scope, String address, long bytesToFree) {
        return Event.of("/postvault/quota-service", EventType.EVICTION_REQUESTED, domain, null,
                new EvictionRequested(UUID.randomUUID(), scope, address, 1_000_000, 900_000, 200_000, bytesToFree));
    }

    private static List<Event> evictedFor(Event request, int atLeast) {
        UUID requestId = ((EvictionRequested) request.data()).requestId();
        return TestKafka.readEventsUntil(Topics.ARCHIVE, events -> answering(events, requestId).size() >= atLeast)
                .stream().filter(e -> !answering(List.of(e), requestId).isEmpty()).toList();
    }

    private static List<Event> answering(List<Event> events, UUID requestId) {
        return events.stream().filter(e -> e.data() instanceof ArchiveEvicted evicted
                && requestId.equals(evicted.requestId())).toList();
    }
}
