package io.postvault.events.kafka;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer writing an {@link Event} as CloudEvents structured JSON. */
public class EventSerializer implements Serializer<Event> {

    @Override
    public byte[] serialize(String topic, Event event) {
        return event == null ? null : EventCodec.encode(event);
    }
}
