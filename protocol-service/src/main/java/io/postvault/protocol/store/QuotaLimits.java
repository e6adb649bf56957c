package io.postvault.protocol.store;

/**
 * Decides at delivery time, without a network round trip, whether a message of {@code size} bytes fits the occupied
 * space allowed to the account and its domain. Archives never count here. The limits are quota-service's plans, kept
 * in this service's database from {@code quota.plan-changed} ({@code quota/} package) and checked against the exact
 * occupied counters that every delivery and removal updates. Blocking: call from a worker thread.
 */
public interface QuotaLimits {

    boolean fits(Mailbox mailbox, long size);
}
