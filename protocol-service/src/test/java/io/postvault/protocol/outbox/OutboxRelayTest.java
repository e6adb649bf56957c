package io.postvault.protocol.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.AccountKind;
import io.postvault.protocol.support.MailTopic;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class OutboxRelayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    OutboxWriter writer;
    @Inject
    OutboxRelayService relays;
    @Inject
    OutboxConfig config;

    private static Event event(String domain, String account, int n) {
        return Event.of(EventSource.PROTOCOL_SERVICE, EventType.ACCOUNT_CREATED, domain, account,
                new AccountCreated("n" + n + "@" + domain, AccountKind.PERSONAL, null));
    }

    /** Writes {@code count} events for each key, keys written concurrently, a few events per transaction. */
    private List<Event> writeConcurrently(String domain, List<String> keys, int count) throws Exception {
        List<Event> written = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String key : keys) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < count; ) {
                        List<Event> batch = new ArrayList<>();
                        for (int j = 0; j < 1 + i % 3 && i < count; j++, i++) {
                            batch.add(event(domain, key, i));
                        }
                        QuarkusTransaction.requiringNew().run(() -> batch.forEach(writer::append));
                        written.addAll(batch);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return written;
    }

    private static List<Event> awaitAll(String domain, List<Event> written) {
        List<UUID> ids = written.stream().map(Event::id).toList();
        return await().atMost(PATIENCE).until(() -> MailTopic.ofDomain(domain),
                events -> events.stream().map(Event::id).collect(Collectors.toSet()).containsAll(ids));
    }

    private static void assertOnceEachInOrderPerKey(List<Event> received, List<Event> written) {
        assertThat(received).extracting(Event::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(written.stream().map(Event::id).toList());
        Map<String, List<UUID>> sentPerKey = written.stream().collect(Collectors.groupingBy(Event::key,
                Collectors.mapping(Event::id, Collectors.toList())));
        Map<String, List<UUID>> receivedPerKey = received.stream().collect(Collectors.groupingBy(Event::key,
                Collectors.mapping(Event::id, Collectors.toList())));
        assertThat(receivedPerKey).isEqualTo(sentPerKey);
        assertThat(received).allSatisfy(e -> assertThat(e.type().topic()).isEqualTo("postvault.mail.v1"));
    }

    @Test
    void everyEventArrivesOnceAndInOrderPerKey() throws Exception {
        String domain = "outbox-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<Event> written = writeConcurrently(domain, keys, 60);

        List<Event> received = awaitAll(domain, written);
        assertOnceEachInOrderPerKey(received, written);
    }

    @Test
    void aStandbyRelayPublishesNothingWhileTheActiveOneHoldsTheLockAndTakesOverAfter() throws Exception {
        await().atMost(PATIENCE).until(() -> relays.relay() != null && relays.relay().isActive());
        String domain = "standby-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        OutboxRelay standby = relays.newRelay("standby-relay");
        standby.start();
        try {
            await().atMost(PATIENCE).until(() -> standby.lockAttempts() >= 2);
            List<Event> written = new ArrayList<>(writeConcurrently(domain, keys, 20));
            awaitAll(domain, written);
            assertThat(standby.isActive()).isFalse();
            assertThat(standby.publishedCount()).isZero();

            relays.stop(); // this replica's relay goes away: the standby takes the lock
            await().atMost(PATIENCE).until(standby::isActive);
            written.addAll(writeConcurrently(domain, keys, 20));
            List<Event> received = awaitAll(domain, written);
            assertOnceEachInOrderPerKey(received, written);
            assertThat(standby.publishedCount()).isGreaterThanOrEqualTo(40);
        } finally {
            standby.close();
            relays.start();
        }
        await().atMost(PATIENCE).until(() -> relays.relay().isActive());
    }

    @Test
    void eventsWaitInTheOutboxWhileTheBrokerIsUnreachableAndArriveOnceAfter() throws Exception {
        String domain = "down-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        List<String> keys = List.of(UUID.randomUUID().toString());
        relays.stop();
        OutboxRelay failing;
        try (ServerSocket closed = new ServerSocket(0)) {
            failing = relays.newRelay("failing-relay", "127.0.0.1:" + closed.getLocalPort(), new OutboxConfig() {
                public boolean enabled() {
                    return true;
                }

                public Duration pollInterval() {
                    return Duration.ofMillis(100);
                }

                public Duration linger() {
                    return config.linger();
                }

                public int batchSize() {
                    return 50;
                }

                public long lockKey() {
                    return config.lockKey();
                }

                public Duration sendTimeout() {
                    return Duration.ofSeconds(1);
                }

                public Duration retryBackoff() {
                    return Duration.ofMillis(100);
                }
            });
        }
        List<Event> written;
        try {
            failing.start();
            written = writeConcurrently(domain, keys, 10);
            long before = failing.lockAttempts();
            await().atMost(PATIENCE).until(() -> failing.lockAttempts() >= before + 2); // failed rounds, retried
            assertThat(failing.publishedCount()).isZero();
        } finally {
            failing.close();
            relays.start();
        }
        List<Event> received = awaitAll(domain, written);
        assertOnceEachInOrderPerKey(received, written);
    }
}
