package io.postvault.events.data;

/** The quota of a domain's plan, or of one account's cap ({@code address} set, {@code quotaBytes} null = no cap). */
public record PlanChanged(QuotaScope scope, @Nullable String address, @Nullable Long quotaBytes) implements EventData {
}
