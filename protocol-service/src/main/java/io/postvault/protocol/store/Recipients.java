package io.postvault.protocol.store;

import java.util.Optional;

/** Resolves envelope recipients (LMTP RCPT TO) to local accounts. Blocking: call from a worker thread. */
public interface Recipients {

    /** The account that receives mail for {@code address} (case-insensitive), if any. */
    Optional<Mailbox> find(String address);

    /**
     * RCPT TO's whole question in one look-up: the account of {@code address} (as {@link #find}) and whether
     * {@code size} more octets fit its occupied-space limits (the rule of {@link QuotaLimits#fits}). Delivery checks
     * the quota again under lock; this answer only lets RCPT refuse early.
     */
    Optional<Recipient> findWithRoom(String address, long size);

    /** A resolved recipient and whether the announced size fits its quota right now. */
    record Recipient(Mailbox mailbox, boolean fits) {
    }
}
