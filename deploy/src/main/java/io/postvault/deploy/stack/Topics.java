package io.postvault.deploy.stack;

import java.time.Duration;
import java.util.List;

/** The Kafka topics the stack creates (the event contract itself lives in the events module). */
public final class Topics {

    /** One topic to create: name, partitions, retention. */
    public record TopicSpec(String name, int partitions, Duration retention) {
    }

    private static final Duration EVENTS_RETENTION = Duration.ofDays(7);
    private static final Duration DLQ_RETENTION = Duration.ofDays(30);

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec("postvault.mail.v1", 6, EVENTS_RETENTION),
            new TopicSpec("postvault.archive.v1", 6, EVENTS_RETENTION),
            new TopicSpec("postvault.quota.v1", 6, EVENTS_RETENTION),
            new TopicSpec("postvault.dlq.protocol", 1, DLQ_RETENTION),
            new TopicSpec("postvault.dlq.archive", 1, DLQ_RETENTION),
            new TopicSpec("postvault.dlq.quota", 1, DLQ_RETENTION),
            new TopicSpec("postvault.dlq.search", 1, DLQ_RETENTION));

    private Topics() {
    }
}
