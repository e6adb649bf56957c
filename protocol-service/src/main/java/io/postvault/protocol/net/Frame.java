package io.postvault.protocol.net;

import io.vertx.core.buffer.Buffer;

/** One unit of client input, as cut by {@link FrameDecoder}. */
public sealed interface Frame {

    /** A command line without its line terminator. */
    record Line(String text) implements Frame {
    }

    /** A line longer than the limit: its bytes were discarded up to and including its terminator. */
    record LineTooLong() implements Frame {
    }

    /** Some bytes of a message body, already dot-unstuffed and with CRLF line endings. */
    record BodyChunk(Buffer bytes) implements Frame {
    }

    /**
     * The end of a message body (the {@code CRLF.CRLF} was seen).
     *
     * @param size     octets of the body after unstuffing, counted even past the limit
     * @param tooLarge true when {@code size} exceeded the limit: chunks past it were discarded
     */
    record BodyEnd(long size, boolean tooLarge) implements Frame {
    }
}
