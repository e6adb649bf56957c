package io.postvault.protocol.store;

/** What happened to one recipient of a delivery. */
public enum DeliveryOutcome {
    /** Durably stored in the recipient's INBOX, its event in the outbox. */
    DELIVERED,
    /** Occupied space would exceed the quota: a temporary failure, the sender retries later. */
    OVER_QUOTA,
    /** Storage unavailable: nothing was stored for this recipient, the sender retries later. */
    TEMPORARY_FAILURE
}
