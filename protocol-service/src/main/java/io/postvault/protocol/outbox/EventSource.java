package io.postvault.protocol.outbox;

/** The CloudEvents {@code source} of every event this service writes. */
public final class EventSource {

    public static final String PROTOCOL_SERVICE = "/postvault/protocol-service";

    private EventSource() {
    }
}
