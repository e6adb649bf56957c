package io.postvault.events.data;

/** An account was created; {@code quotaBytes} is its own cap, null when only the domain plan applies. */
public record AccountCreated(String address, AccountKind kind, @Nullable Long quotaBytes) implements EventData {
}
