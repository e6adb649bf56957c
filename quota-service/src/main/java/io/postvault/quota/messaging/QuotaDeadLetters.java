package io.postvault.quota.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a record the ledger cannot apply to {@code postvault.dlq.quota}, with its key and the headers the Kafka
 * connector's own dead-letter strategy writes (reason, cause, origin topic, partition, offset), so operators read
 * every service's dead letters alike. Waits for the broker: the batch is acknowledged only after its dead letters
 * are stored, and if the broker refuses, the failure stops the consumer instead of skipping the record.
 */
@ApplicationScoped
public class QuotaDeadLetters {

    private static final Logger LOG = Logger.getLogger(QuotaDeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;

    QuotaDeadLetters(@Channel("dead-letters") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public void send(ConsumerRecord<String, byte[]> record, Throwable failure) {
        LOG.warnf("record %s-%d@%d goes to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), failure.getMessage());
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-reason", String.valueOf(failure.getMessage()));
        if (failure.getCause() != null) {
            header(headers, "dead-letter-cause", String.valueOf(failure.getCause().getMessage()));
        }
        header(headers, "dead-letter-exception-class-name", failure.getClass().getName());
        header(headers, "dead-letter-topic", record.topic());
        header(headers, "dead-letter-partition", Integer.toString(record.partition()));
        header(headers, "dead-letter-offset", Long.toString(record.offset()));
        emitter.sendMessageAndAwait(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build()));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
