package io.postvault.protocol.store;

import java.util.Optional;

/** Resolves envelope recipients (LMTP RCPT TO) to local accounts. Blocking: call from a worker thread. */
public interface Recipients {

    /** The account that receives mail for {@code address} (case-insensitive), if any. */
    Optional<Mailbox> find(String address);
}
