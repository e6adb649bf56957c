package io.postvault.events;

import io.postvault.events.data.EventData;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event of the contract: the CloudEvents 1.0 attributes, PostVault's extension attributes and the data.
 *
 * @param id       unique event id (UUIDv7: time-ordered); consumers deduplicate on it
 * @param source   the producing service, as a URI reference such as {@code /postvault/protocol-service}
 * @param type     the event type; {@code data} is an instance of {@code type.dataType()}
 * @param time     when the fact happened
 * @param domain   the mail domain concerned (extension attribute {@code domain})
 * @param account  the account id concerned, or null for domain-wide facts (extension attribute {@code account})
 * @param data     the payload
 */
public record Event(UUID id, String source, EventType type, Instant time, String domain, String account,
                    EventData data) {

    /** The schema version this library writes (extension attribute {@code schemaversion}). */
    public static final int SCHEMA_VERSION = 1;

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(data, "data");
        if (!type.dataType().isInstance(data)) {
            throw new IllegalArgumentException(type.wireName() + " needs data of type "
                    + type.dataType().getSimpleName() + ", not " + data.getClass().getSimpleName());
        }
    }

    /** A new event with a fresh UUIDv7 id, stamped now. */
    public static Event of(String source, EventType type, String domain, String account, EventData data) {
        return new Event(EventIds.next(), source, type, Instant.now(), domain, account, data);
    }

    /** The Kafka record key: the account id, or the domain for domain-wide facts and quota events. */
    public String key() {
        return account != null && !type.topic().equals(Topics.QUOTA) ? account : domain;
    }
}
