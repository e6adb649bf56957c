package io.postvault.protocol.net;

import io.vertx.core.Future;

/** A protocol session as {@link ProtocolConnection} drives it: one frame at a time, in order. */
public interface FrameHandler {

    /** Sends the greeting. */
    void start();

    /** Handles one frame; the next is not handed over before the returned future completes. */
    Future<Void> handle(Frame frame);

    /** The client was idle too long: say so (the connection closes afterwards). */
    String idleTimeoutReply();

    /** The connection closed, for whatever reason: release what the session holds. */
    void closed();
}
