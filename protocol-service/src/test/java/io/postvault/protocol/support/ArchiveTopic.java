package io.postvault.protocol.support;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays the archive on the real broker: publishes {@code archive.stored} (and garbage) to the archive topic. */
public final class ArchiveTopic {

    public static final String DEAD_LETTERS = "postvault.dlq.protocol";

    private ArchiveTopic() {
    }

    /**
     * The archive's acknowledgement of a {@code message.removed} or {@code message.submitted} event, as archive-service
     * would publish it.
     */
    public static Event storedFor(Event archived) {
        ArchiveStored stored;
        if (archived.data() instanceof MessageSubmitted submitted) {
            stored = new ArchiveStored(UUID.randomUUID(), archived.id(), submitted.address(), submitted.blobId(),
                    submitted.size(), Direction.SENT, submitted.submittedAt());
        } else {
            MessageRemoved removed = (MessageRemoved) archived.data();
            stored = new ArchiveStored(UUID.randomUUID(), archived.id(), removed.address(), removed.blobId(),
                    removed.size(), removed.direction(), removed.removedAt());
        }
        return Event.of("/postvault/archive-service", EventType.ARCHIVE_STORED, archived.domain(), archived.account(),
                stored);
    }

    public static void publish(Event event) {
        publishRaw(event.key(), EventCodec.encode(event));
    }

    public static void publishRaw(String key, byte[] value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                StackTestResource.endpoints().kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ARCHIVE, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values on the dead-letter topic so far (empty while the topic does not exist). */
    public static List<byte[]> deadLetters() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "protocol-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            if (!consumer.listTopics(Duration.ofSeconds(10)).containsKey(DEAD_LETTERS)) {
                return values;
            }
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
