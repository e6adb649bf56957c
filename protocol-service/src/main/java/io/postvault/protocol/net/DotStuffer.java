package io.postvault.protocol.net;

import io.vertx.core.buffer.Buffer;

/**
 * Byte-stuffs a message for a multi-line response (RFC 1939 section 3): a line that starts with "." gets one more;
 * bare LFs become CRLF. Feed the message in chunks of any size; {@link #finish} terminates the response with
 * {@code CRLF.CRLF} (adding the CRLF only when the message did not end with one).
 *
 * <p>Optionally limits the output to the header and the first {@code bodyLines} lines of the body (POP3 TOP).
 */
public final class DotStuffer {

    private boolean lineStart = true;
    private boolean lastWasCr;
    private boolean inBody;
    private boolean headerLineEmpty = true;
    private final long bodyLines;
    private long bodyLinesSent;
    private boolean done;

    /** Stuffs the whole message. */
    public DotStuffer() {
        this(-1);
    }

    /** Stuffs the header and the first {@code bodyLines} lines of the body; -1 for the whole message. */
    public DotStuffer(long bodyLines) {
        this.bodyLines = bodyLines;
    }

    /** True once a TOP limit was reached: the rest of the message need not be read. */
    public boolean done() {
        return done;
    }

    /**
     * Appends the stuffed form of the next chunk of the message, {@code bytes[from, to)} (left unchanged), to
     * {@code out}; returns {@code out}.
     */
    public Buffer stuff(byte[] bytes, int from, int to, Buffer out) {
        if (bodyLines < 0) {
            stuffWhole(bytes, from, to, out);
            return out;
        }
        for (int i = from; i < to && !done; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (!lastWasCr) {
                    out.appendByte((byte) '\r');
                }
                out.appendByte(b);
                endOfLine();
                lastWasCr = false;
                continue;
            }
            if (lastWasCr) {
                // a bare CR inside a line: pass it through
                lineStart = false;
            }
            if (lineStart && b == '.') {
                out.appendByte((byte) '.');
            }
            if (b != '\r') {
                headerLineEmpty = false;
            }
            out.appendByte(b);
            lineStart = false;
            lastWasCr = b == '\r';
        }
        return out;
    }

    /**
     * The whole message (RETR): the same rules as the loop of {@link #stuff(byte[], int, int, Buffer)}, without the TOP
     * bookkeeping, copying the runs between the octets it inserts in bulk rather than octet by octet.
     */
    private void stuffWhole(byte[] bytes, int from, int to, Buffer out) {
        int run = from; // start of the octets not copied yet
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (!lastWasCr) {
                    out.appendBytes(bytes, run, i - run).appendByte((byte) '\r');
                    run = i;
                }
                lineStart = true;
                lastWasCr = false;
            } else {
                if (lineStart && b == '.') {
                    out.appendBytes(bytes, run, i - run).appendByte((byte) '.');
                    run = i;
                }
                lineStart = false;
                lastWasCr = b == '\r';
            }
        }
        out.appendBytes(bytes, run, to - run);
    }

    private void endOfLine() {
        lineStart = true;
        if (!inBody) {
            if (headerLineEmpty) {
                inBody = true;
                done = bodyLines == 0;
            }
            headerLineEmpty = true;
        } else if (bodyLines >= 0 && ++bodyLinesSent >= bodyLines) {
            done = true;
        }
    }

    /** The end of the multi-line response. */
    public Buffer finish() {
        Buffer out = Buffer.buffer(5);
        if (lastWasCr) {
            out.appendByte((byte) '\n');
        } else if (!lineStart) {
            out.appendString("\r\n");
        }
        return out.appendString(".\r\n");
    }
}
