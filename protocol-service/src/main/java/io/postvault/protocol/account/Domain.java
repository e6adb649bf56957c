package io.postvault.protocol.account;

import java.time.Instant;

/** A domain with its plan quota and its live usage. */
public record Domain(String name, long quotaBytes, long occupiedBytes, long messageCount, long accountCount,
                     Instant createdAt) {
}
