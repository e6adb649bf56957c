package io.postvault.protocol.submission;

import io.vertx.core.buffer.Buffer;

/**
 * Looks through the header of a message as it streams in, to learn whether it has a {@code Message-ID} and a
 * {@code Date} (RFC 6409 section 8 lets the MSA add them when missing). Fed chunk by chunk, split anywhere; done at the
 * empty line that ends the header, at the end of the message, or after {@code limit} octets of header, after which the
 * fields count as present (adding a second Message-ID would be worse than adding none).
 */
final class HeaderScan {

    private final long limit;
    private final StringBuilder name = new StringBuilder();
    private long seen;
    private boolean lineStart = true;
    private boolean inName;
    private boolean done;
    private boolean messageId;
    private boolean date;

    HeaderScan(long limit) {
        this.limit = limit;
    }

    /** Feeds the next chunk; returns true once the scan is done (the rest of the chunk is body). */
    boolean feed(Buffer chunk) {
        for (int i = 0; i < chunk.length() && !done; i++) {
            byte b = chunk.getByte(i);
            if (++seen > limit) {
                messageId = true;
                date = true;
                done = true;
                break;
            }
            if (lineStart) {
                lineStart = false;
                if (b == '\r' || b == '\n') {
                    done = true; // the empty line: the body follows
                    break;
                }
                inName = b != ' ' && b != '\t'; // a folded line continues the previous field
                name.setLength(0);
            }
            if (b == '\n') {
                lineStart = true;
                inName = false;
            } else if (inName) {
                if (b == ':') {
                    field(name.toString().trim());
                    inName = false;
                } else if (name.length() < 32) {
                    name.append((char) (b & 0xff));
                }
            }
        }
        return done;
    }

    private void field(String fieldName) {
        messageId |= fieldName.equalsIgnoreCase("Message-ID");
        date |= fieldName.equalsIgnoreCase("Date");
    }

    /** The message ended (possibly without a body): nothing more will come. */
    void end() {
        done = true;
    }

    boolean done() {
        return done;
    }

    boolean hasMessageId() {
        return messageId;
    }

    boolean hasDate() {
        return date;
    }
}
