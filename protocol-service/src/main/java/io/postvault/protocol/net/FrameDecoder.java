package io.postvault.protocol.net;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts client input into {@link Frame}s: CRLF-terminated command lines (a bare LF is accepted too) with a
 * maximum length, and, on demand, a dot-terminated message body (RFC 5321 section 4.5.2) streamed out in
 * chunks with dot-unstuffing and CRLF normalisation, its size limited while it streams.
 *
 * <p>A pull decoder: bytes are {@link #append appended} as they arrive and {@link #next()} returns the next
 * frame, or null when more input is needed. The caller pulls a frame only when it is ready for it, so a
 * pipelined {@code DATA} switches the mode ({@link #startDotBody}) before the bytes after it are decoded.
 * Not thread-safe: one connection, one event loop.
 */
public final class FrameDecoder {

    private enum State {
        LINE, DISCARD_LINE, BODY_LINE_START, BODY_MID_LINE, BODY_CR, BODY_DOT, BODY_DOT_CR, LITERAL
    }

    private final int maxLineLength;
    private final int maxChunk;
    private static final byte[] EMPTY = new byte[0];

    private byte[] buf = EMPTY;
    private int readIndex;
    private int writeIndex;
    private int scanIndex;
    private State state = State.LINE;
    private Frame.BodyEnd pendingEnd;
    private long bodyLimit;
    private long bodySize;

    /**
     * @param maxLineLength longest accepted line in octets, terminator excluded
     * @param maxChunk      largest body chunk handed out at once
     */
    public FrameDecoder(int maxLineLength, int maxChunk) {
        if (maxLineLength < 1 || maxChunk < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxLineLength = maxLineLength;
        this.maxChunk = maxChunk;
    }

    /** Adds received bytes. */
    public void append(Buffer data) {
        append(data.getBytes());
    }

    /** Adds received bytes. */
    public void append(byte[] data) {
        int needed = writeIndex - readIndex + data.length;
        if (readIndex > 0 && writeIndex + data.length > buf.length) {
            System.arraycopy(buf, readIndex, buf, 0, writeIndex - readIndex);
            scanIndex -= readIndex;
            writeIndex -= readIndex;
            readIndex = 0;
        }
        if (needed > buf.length) {
            byte[] bigger = new byte[Math.max(needed, Math.max(256, buf.length * 2))];
            System.arraycopy(buf, 0, bigger, 0, writeIndex);
            buf = bigger;
        }
        System.arraycopy(data, 0, buf, writeIndex, data.length);
        writeIndex += data.length;
    }

    /**
     * Lets the read buffer go while nothing waits in it: thousands of idle connections (IMAP IDLE) then hold no buffer;
     * the next input allocates a small one again.
     */
    public void trim() {
        if (readIndex == writeIndex) {
            buf = EMPTY;
            readIndex = 0;
            writeIndex = 0;
            scanIndex = 0;
        }
    }

    /** Octets received but not yet decoded. */
    public int buffered() {
        return writeIndex - readIndex;
    }

    /** Drops every buffered byte (after STARTTLS: nothing sent in plaintext may be read as if under TLS). */
    public void discardBuffered() {
        readIndex = writeIndex;
        scanIndex = writeIndex;
    }

    /** Switches to body mode: the following bytes are a dot-terminated body of at most {@code limit} octets. */
    public void startDotBody(long limit) {
        if (state != State.LINE) {
            throw new IllegalStateException("not between lines: " + state);
        }
        state = State.BODY_LINE_START;
        bodyLimit = limit;
        bodySize = 0;
    }

    /**
     * Switches to literal mode (IMAP, RFC 3501 section 4.3): the following {@code size} octets are handed out verbatim
     * as {@link Frame.BodyChunk}s, then a {@link Frame.BodyEnd}; line mode resumes after them.
     */
    public void startLiteral(long size) {
        if (state != State.LINE) {
            throw new IllegalStateException("not between lines: " + state);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative literal size");
        }
        state = State.LITERAL;
        bodyLimit = size;
        bodySize = 0;
    }

    /** True while a body is being decoded. */
    public boolean inBody() {
        return pendingEnd != null || state != State.LINE && state != State.DISCARD_LINE;
    }

    /** The next frame, or null when more bytes are needed. */
    public Frame next() {
        if (pendingEnd != null) {
            Frame end = pendingEnd;
            pendingEnd = null;
            return end;
        }
        return switch (state) {
            case LINE, DISCARD_LINE -> decodeLine();
            case LITERAL -> decodeLiteral();
            default -> decodeBody();
        };
    }

    private Frame decodeLine() {
        while (scanIndex < writeIndex) {
            if (buf[scanIndex] == '\n') {
                int end = scanIndex;
                int start = readIndex;
                scanIndex++;
                readIndex = scanIndex;
                if (state == State.DISCARD_LINE) {
                    state = State.LINE;
                    return new Frame.LineTooLong();
                }
                if (end > start && buf[end - 1] == '\r') {
                    end--;
                }
                if (end - start > maxLineLength) {
                    return new Frame.LineTooLong();
                }
                return new Frame.Line(new String(buf, start, end - start, StandardCharsets.UTF_8));
            }
            scanIndex++;
            // +1: the CR of a CRLF may be the byte after the limit
            if (state == State.LINE && scanIndex - readIndex > maxLineLength + 1) {
                state = State.DISCARD_LINE;
            }
            if (state == State.DISCARD_LINE) {
                readIndex = scanIndex;
            }
        }
        return null;
    }

    private Frame decodeLiteral() {
        long left = bodyLimit - bodySize;
        if (left == 0) {
            state = State.LINE;
            return new Frame.BodyEnd(bodySize, false);
        }
        int n = (int) Math.min(Math.min(left, maxChunk), writeIndex - readIndex);
        if (n == 0) {
            return null;
        }
        Buffer out = Buffer.buffer(n).appendBytes(buf, readIndex, n);
        readIndex += n;
        scanIndex = readIndex;
        bodySize += n;
        return chunk(out);
    }

    private Frame decodeBody() {
        Buffer out = Buffer.buffer(Math.min(maxChunk, writeIndex - readIndex) + 2);
        while (readIndex < writeIndex && out.length() < maxChunk) {
            byte b = buf[readIndex++];
            switch (state) {
                case BODY_LINE_START -> {
                    if (b == '.') {
                        state = State.BODY_DOT;
                    } else {
                        emitByte(out, b);
                    }
                }
                case BODY_MID_LINE -> emitByte(out, b);
                case BODY_CR -> {
                    if (b == '\n') {
                        emit(out, '\r', '\n');
                        state = State.BODY_LINE_START;
                    } else {
                        emit(out, '\r');
                        state = State.BODY_MID_LINE;
                        emitByte(out, b);
                    }
                }
                case BODY_DOT -> {
                    if (b == '\r') {
                        state = State.BODY_DOT_CR;
                    } else if (b == '\n') {
                        return finishBody(out);
                    } else {
                        // a stuffed dot: drop it, keep the rest of the line
                        state = State.BODY_MID_LINE;
                        emitByte(out, b);
                    }
                }
                case BODY_DOT_CR -> {
                    if (b == '\n') {
                        return finishBody(out);
                    }
                    // ".\r" followed by something else: a line that starts with "\r"
                    emit(out, '\r');
                    state = State.BODY_MID_LINE;
                    emitByte(out, b);
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        scanIndex = readIndex;
        return out.length() == 0 ? null : chunk(out);
    }

    /** One body byte in the mid-line or line-start state. */
    private void emitByte(Buffer out, byte b) {
        if (b == '\r') {
            state = State.BODY_CR;
        } else if (b == '\n') {
            emit(out, '\r', '\n');
            state = State.BODY_LINE_START;
        } else {
            emit(out, (char) (b & 0xff));
            state = State.BODY_MID_LINE;
        }
    }

    private void emit(Buffer out, char... bytes) {
        for (char c : bytes) {
            bodySize++;
            if (bodySize <= bodyLimit) {
                out.appendByte((byte) c);
            }
        }
    }

    private Frame finishBody(Buffer out) {
        scanIndex = readIndex;
        state = State.LINE;
        Frame.BodyEnd end = new Frame.BodyEnd(bodySize, bodySize > bodyLimit);
        if (out.length() > 0) {
            pendingEnd = end; // the last chunk first, the end on the next call
            return chunk(out);
        }
        return end;
    }

    private Frame chunk(Buffer out) {
        return new Frame.BodyChunk(out);
    }
}
