package io.postvault.events.data;

/** An account was deleted; its messages were removed (one {@code message.removed} each) before this event. */
public record AccountDeleted(String address) implements EventData {
}
