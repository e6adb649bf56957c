package io.postvault.protocol.account;

import io.postvault.events.data.AccountKind;
import java.time.Instant;
import java.util.UUID;

/** An account (never with its password hash) and its live usage; {@code quotaBytes} null = the domain plan only. */
public record Account(UUID id, String address, String localPart, String domain, AccountKind kind, Role role,
                      Long quotaBytes, long occupiedBytes, long messageCount, Instant createdAt) {

    /** What an account may administer: USER its own mailbox; DOMAIN_ADMIN (postmaster) its domain. */
    public enum Role { USER, DOMAIN_ADMIN }
}
