package io.postvault.archive.messaging;

import io.postvault.archive.config.ArchiveConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The operator's view of {@code postvault.dlq.archive}: reads the dead letters (with the headers the connector wrote:
 * origin topic, partition, offset, reason) and re-publishes one to its origin topic, where the consumer takes it up
 * again as a new record; the event inside keeps its id, so a dead letter retried twice is still archived once.
 */
@ApplicationScoped
public class DeadLetters {

    /** Header on a re-published record: the dead letter it comes from ({@code partition-offset}). */
    public static final String RETRIED_FROM = "postvault-retried-from";

    /** One dead letter. {@code id} is {@code partition-offset} in the dead-letter topic. */
    public record DeadLetter(String id, String originTopic, Integer originPartition, Long originOffset, String key,
                             String reason, String cause, Instant deadAt, UUID eventId, String eventType,
                             Instant retriedAt) {
    }

    private final String bootstrap;
    private final ArchiveConfig.DeadLetters config;
    private final MutinyEmitter<byte[]> retries;
    private final EntityManager entityManager;

    DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, ArchiveConfig config,
            @Channel("dead-letter-retries") MutinyEmitter<byte[]> retries, EntityManager entityManager) {
        this.bootstrap = bootstrap;
        this.config = config.deadLetters();
        this.retries = retries;
        this.entityManager = entityManager;
    }

    /** Dead letters, oldest first, up to the configured maximum. */
    public List<DeadLetter> list() {
        Map<String, Instant> retried = retried();
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : read(null)) {
            letters.add(view(record, retried.get(record.partition() + "-" + record.offset())));
        }
        return letters;
    }

    /**
     * Re-publishes the dead letter {@code id} to its origin topic, with its key, and waits for the broker. Empty when
     * there is no such dead letter.
     */
    public Optional<DeadLetter> retry(String id) {
        Optional<ConsumerRecord<String, byte[]>> found = read(id).stream().findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConsumerRecord<String, byte[]> record = found.get();
        String origin = header(record, "dead-letter-topic");
        if (origin == null) {
            throw new IllegalStateException("dead letter " + id + " names no origin topic");
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(RETRIED_FROM, id.getBytes(StandardCharsets.UTF_8));
        retries.sendMessageAndAwait(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(origin).withKey(record.key()).withHeaders(headers).build()));
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO dead_letter_retry (dlq_partition, dlq_offset, retried_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT (dlq_partition, dlq_offset) DO UPDATE SET retried_at = excluded.retried_at""")
                .setParameter(1, record.partition()).setParameter(2, record.offset()).setParameter(3, now)
                .executeUpdate());
        return Optional.of(view(record, now));
    }

    /** Every dead letter up to the end of the topic as it is now, or only the one named {@code id}. */
    private List<ConsumerRecord<String, byte[]>> read(String id) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "archive-service-dead-letters-" + UUID.randomUUID());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            Duration timeout = config.readTimeout();
            List<TopicPartition> partitions = consumer.partitionsFor(config.topic(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Set<TopicPartition> pending = new HashSet<>();
            if (id != null) {
                TopicPartition partition = parse(id);
                if (partition == null || !ends.containsKey(partition) || offsetOf(id) >= ends.get(partition)) {
                    return List.of();
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, offsetOf(id));
                pending.add(partition);
            } else {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                partitions.stream().filter(p -> ends.get(p) > consumer.position(p, timeout)).forEach(pending::add);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && records.size() < config.maxListed() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (id != null) {
                        if (record.offset() == offsetOf(id)) {
                            return List.of(record);
                        }
                        continue;
                    }
                    if (records.size() < config.maxListed()) {
                        records.add(record);
                    }
                    if (record.offset() + 1 >= ends.get(partition)) {
                        pending.remove(partition);
                    }
                }
            }
        }
        return id == null ? records : List.of();
    }

    private Map<String, Instant> retried() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(
                    "SELECT dlq_partition, dlq_offset, retried_at FROM dead_letter_retry").getResultList();
            Map<String, Instant> map = new java.util.HashMap<>();
            for (Object[] row : rows) {
                map.put(row[0] + "-" + row[1], toInstant(row[2]));
            }
            return map;
        });
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    private DeadLetter view(ConsumerRecord<String, byte[]> record, Instant retriedAt) {
        UUID eventId = null;
        String eventType = null;
        try {
            var event = io.postvault.events.EventCodec.decode(record.value());
            eventId = event.id();
            eventType = event.type().wireName();
        } catch (RuntimeException malformed) {
            // A malformed record is listed all the same; its reason says what is wrong with it.
        }
        String partition = header(record, "dead-letter-partition");
        String offset = header(record, "dead-letter-offset");
        return new DeadLetter(record.partition() + "-" + record.offset(), header(record, "dead-letter-topic"),
                partition == null ? null : Integer.valueOf(partition), offset == null ? null : Long.valueOf(offset),
                record.key(), header(record, "dead-letter-reason"), header(record, "dead-letter-cause"),
                Instant.ofEpochMilli(record.timestamp()), eventId, eventType, retriedAt);
    }

    private TopicPartition parse(String id) {
        int dash = id.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            return new TopicPartition(config.topic(), Integer.parseInt(id.substring(0, dash)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long offsetOf(String id) {
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** True when {@code id} has the form of a dead-letter id ({@code partition-offset}). */
    public static boolean isId(String id) {
        return id != null && id.matches("\\d{1,9}-\\d{1,18}");
    }
}
