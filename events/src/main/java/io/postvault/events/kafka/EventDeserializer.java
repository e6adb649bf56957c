package io.postvault.events.kafka;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for {@link Event}. A malformed record throws {@link io.postvault.events.MalformedEventException}
 * naming the field; consumers that must route such records to a dead-letter topic read raw bytes and call
 * {@link EventCodec#decode} themselves, so the failing record is in their hands.
 */
public class EventDeserializer implements Deserializer<Event> {

    @Override
    public Event deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.decode(data);
    }
}
