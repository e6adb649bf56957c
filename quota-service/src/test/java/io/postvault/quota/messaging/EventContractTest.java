package io.postvault.quota.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.SampleEvents;
import io.postvault.events.Topics;
import io.postvault.events.kafka.EventDeserializer;
import io.postvault.events.kafka.EventSerializer;
import io.postvault.quota.ledger.LedgerService;
import io.postvault.quota.support.Broker;
import io.postvault.quota.support.Tenant;
import io.postvault.quota.support.Usage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The event contract on the real broker: every type written by one side is read by another service's consumer. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class EventContractTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    EntityManager entityManager;

    @Test
    void everyEventTypeTravelsThroughTheBroker() throws Exception {
        List<Event> events = SampleEvents.all();
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(producerConfig(),
                new StringSerializer(), new EventSerializer())) {
            for (Event event : events) {
                producer.send(new ProducerRecord<>(event.type().topic(), event.key(), event)).get();
            }
        }

        // Mail and archive events: applied by this service's own consumers (quota-service configuration).
        List<UUID> forQuota = events.stream().filter(e -> !e.type().topic().equals(Topics.QUOTA))
                .filter(e -> LedgerService.concerns(e.type())).map(Event::id).toList();
        await().atMost(PATIENCE).until(() -> processedEventIds().containsAll(forQuota));
        // Skipped before the inbox (read before the last mail event: one key, one partition, in order), not failed.
        List<UUID> skipped = events.stream().filter(e -> !e.type().topic().equals(Topics.QUOTA))
                .filter(e -> !LedgerService.concerns(e.type())).map(Event::id).toList();
        assertThat(skipped).hasSize(4);
        assertThat(processedEventIds()).doesNotContainAnyElementsOf(skipped);

        // Quota events: read back as the archive and protocol services read them (EventDeserializer).
        List<Event> quotaEvents = events.stream().filter(e -> e.type().topic().equals(Topics.QUOTA)).toList();
        List<Event> readBack = readUntil(Topics.QUOTA, new EventDeserializer(),
                records -> records.stream().map(ConsumerRecord::value).toList().containsAll(quotaEvents))
                .stream().map(ConsumerRecord::value).toList();
        assertThat(readBack).containsAll(quotaEvents);
        assertThat(events).extracting(Event::type).containsExactly(EventType.values());
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        Event next = SampleEvents.of(EventType.MESSAGE_DELIVERED);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(),
                new StringSerializer(), new ByteArraySerializer())) {
            // Same partition as the valid event that follows, so the consumer must get past the poison to reach it.
            producer.send(new ProducerRecord<>(Topics.MAIL, next.key(),
                    "{\"specversion\":\"1.0\",\"id\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.MAIL, next.key(),
                    poisonKey.getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.MAIL, next.key(),
                    EventCodec.encode(next))).get();
        }

        await().atMost(PATIENCE).until(() -> processedEventIds().contains(next.id()));

        List<ConsumerRecord<String, byte[]>> dead = readUntil(Topics.deadLetter("quota"), new ByteArrayDeserializer(),
                records -> records.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8)
                        .equals(poisonKey)));
        ConsumerRecord<String, byte[]> notJson = dead.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(poisonKey)).findFirst().orElseThrow();
        assertThat(header(notJson, "dead-letter-reason")).contains("malformed event", "not JSON");
        assertThat(header(notJson, "dead-letter-topic")).isEqualTo(Topics.MAIL);
        ConsumerRecord<String, byte[]> badId = dead.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("not-a-uuid")).findFirst()
                .orElseThrow();
        assertThat(header(badId, "dead-letter-reason")).contains("field 'id'");
    }

    @Test
    void anEventTheLedgerCannotApplyIsDeadLetteredAndTheRestOfItsBatchIsApplied() throws Exception {
        Tenant t = Tenant.fresh();
        Event before = t.delivered(1000);
        // Decodes, but its size overflows the ledger's bigint: PostgreSQL refuses it, in a batch or alone.
        Event overflow = t.delivered(Long.MAX_VALUE);
        Event after = t.delivered(500);
        Broker.send(t.domainCreated(1_000_000), t.accountCreated(null), before, overflow, after);

        await().atMost(PATIENCE).until(() -> processedEventIds().containsAll(List.of(before.id(), after.id())));
        assertThat(processedEventIds()).doesNotContain(overflow.id());
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(1500, 2, 0, 0));
        ConsumerRecord<String, byte[]> dead = readUntil(Topics.deadLetter("quota"), new ByteArrayDeserializer(),
                records -> records.stream().anyMatch(r -> EventCodec.decode(r.value()).id().equals(overflow.id())))
                .stream().filter(r -> EventCodec.decode(r.value()).id().equals(overflow.id())).findFirst()
                .orElseThrow();
        assertThat(dead.key()).isEqualTo(overflow.key());
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.MAIL);
        assertThat(header(dead, "dead-letter-reason")).isNotBlank();
    }

    private Set<UUID> processedEventIds() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery("SELECT event_id FROM processed_event").getResultList();
            return new HashSet<>(ids);
        });
    }

    private static <V> List<ConsumerRecord<String, V>> readUntil(String topic, Deserializer<V> deserializer,
            Predicate<List<ConsumerRecord<String, V>>> enough) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "contract-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!enough.test(seen) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
        }
        assertThat(enough.test(seen)).as("expected records on %s, saw %d", topic, seen.size()).isTrue();
        return seen;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.endpoints().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all");
    }
}
