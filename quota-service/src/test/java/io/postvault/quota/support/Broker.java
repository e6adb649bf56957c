package io.postvault.quota.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.Topics;
import io.postvault.events.kafka.EventDeserializer;
import io.postvault.events.kafka.EventSerializer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends events to the real broker as the other services do, and waits until this service applied them. */
public final class Broker {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private Broker() {
    }

    /** Sends the events in order, each to its type's topic with its key, and waits until all are applied. */
    public static void applied(EntityManager em, Event... events) {
        send(events);
        List<UUID> ids = Arrays.stream(events).map(Event::id).toList();
        await().atMost(PATIENCE).until(() -> processed(em, ids) == ids.size());
    }

    public static void send(Event... events) {
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.endpoints().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EventSerializer())) {
            for (Event event : events) {
                producer.send(new ProducerRecord<>(event.type().topic(), event.key(), event)).get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events on the quota topic for {@code domain}, read from the start until {@code enough} holds. */
    public static List<Event> quotaEvents(String domain, Predicate<List<Event>> enough) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "quota-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Event> seen = new ArrayList<>();
        try (KafkaConsumer<String, Event> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new EventDeserializer())) {
            consumer.subscribe(List.of(Topics.QUOTA));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!enough.test(seen) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Event> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value().domain().equals(domain)) {
                        seen.add(r.value());
                    }
                }
            }
        }
        assertThat(enough.test(seen)).as("quota events of %s: %s", domain, seen).isTrue();
        return seen;
    }

    private static long processed(EntityManager em, List<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id IN (:ids)").setParameter("ids", ids)
                .getSingleResult()).longValue());
    }
}
