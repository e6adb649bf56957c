package io.postvault.events.data;

/** A domain was deleted, after all its accounts. */
public record DomainDeleted(String name) implements EventData {
}
