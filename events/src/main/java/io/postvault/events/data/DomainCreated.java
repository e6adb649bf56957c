package io.postvault.events.data;

/** A domain was created with its plan's quota. */
public record DomainCreated(String name, long quotaBytes) implements EventData {
}
