package io.postvault.protocol.support;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the events on the real broker's mail topic, as a consumer service would (EventCodec.decode). */
public final class MailTopic {

    private MailTopic() {
    }

    /** Every event on the mail topic so far (up to the end offsets at the time of the call) matching the filter, in
     * partition order (the order of each key). */
    public static List<Event> read(Predicate<Event> filter) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "protocol-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MAIL).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Event event = EventCodec.decode(record.value());
                    if (filter.test(event)) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    /** The events of one domain. */
    public static List<Event> ofDomain(String domain) {
        return read(e -> e.domain().equals(domain));
    }
}
