package io.postvault.protocol.store;

import java.util.List;
import java.util.Map;

/** Inbound delivery (LMTP). Blocking: call from a worker thread. */
public interface MailDelivery {

    /**
     * Stores the message bytes once (content-addressed) and files the message into the INBOX of each recipient, each
     * with its {@code message.delivered} event, in one database transaction. A recipient gets DELIVERED only once that
     * transaction has committed.
     */
    Map<Mailbox, DeliveryOutcome> deliver(SpooledMessage message, String envelopeFrom, List<Mailbox> recipients);
}
