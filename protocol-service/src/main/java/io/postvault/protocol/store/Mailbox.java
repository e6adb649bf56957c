package io.postvault.protocol.store;

import io.postvault.events.data.AccountKind;
import java.util.UUID;

/** An account as the mail protocols see it. {@code address} is the canonical (lower-case) form. */
public record Mailbox(UUID accountId, String address, String domain, AccountKind kind) {
}
