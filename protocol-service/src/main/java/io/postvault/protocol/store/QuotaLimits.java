package io.postvault.protocol.store;

/**
 * Decides at delivery time, without a network round trip, whether a message of {@code size} bytes fits the occupied
 * space allowed to the account and its domain. Archives never count here. The quota service will implement this from
 * its plans; until then a configured cap stands in. Blocking: call from a worker thread.
 */
public interface QuotaLimits {

    boolean fits(Mailbox mailbox, long size);
}
