package io.postvault.protocol.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The header block of a message: its raw bytes from the start up to and including the blank line that ends the header
 * (the whole message when it has none), exactly what IMAP {@code BODY[HEADER]} returns. Kept with the message row at
 * delivery so header FETCHes never read the blob; a header longer than {@link #MAX_BYTES} is not kept (read from the
 * blob then, as for messages stored before the header was kept).
 */
public final class HeaderBlock {

    /** Longest header block kept with the metadata; real headers are a few KiB, long Received/ARC chains tens. */
    public static final int MAX_BYTES = 64 * 1024;

    private HeaderBlock() {
    }

    /** Length of the header including its blank line (CRLF CRLF or LF LF), or {@code length} when it has none. */
    public static int length(byte[] entity, int length) {
        return end(entity, 0, length);
    }

    /**
     * Where the header of the entity at {@code data[from, to)} ends: just after its blank line, or {@code to} when it
     * has none. The start of the entity's body, found without copying the entity out.
     */
    public static int end(byte[] data, int from, int to) {
        if (to - from >= 2 && data[from] == '\r' && data[from + 1] == '\n') {
            return from + 2;
        }
        if (to - from >= 1 && data[from] == '\n') {
            return from + 1;
        }
        for (int i = from; i + 1 < to; i++) {
            if (data[i] == '\n') {
                if (data[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && data[i + 1] == '\r' && data[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return to;
    }

    /**
     * Records the first bytes read through it, enough to find the header block of what it reads: the block is known
     * once its blank line has gone through, or the whole message has, within {@link #MAX_BYTES}.
     */
    static final class Capture extends FilterInputStream {

        private final byte[] head = new byte[MAX_BYTES];
        private int kept;
        private boolean ended;

        Capture(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended = true;
            } else if (kept < head.length) {
                head[kept++] = (byte) b;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                ended = true;
            } else if (kept < head.length) {
                int copied = Math.min(n, head.length - kept);
                System.arraycopy(buffer, offset, head, kept, copied);
                kept += copied;
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false; // a reset would record bytes twice
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] discard = new byte[(int) Math.min(n, 8192)];
            int read = read(discard, 0, discard.length);
            return Math.max(read, 0);
        }

        /** The header block, or null when it is longer than {@link #MAX_BYTES} or was not read to its end. */
        byte[] block() {
            int length = length(head, kept);
            boolean complete = length < kept || (ended && kept < head.length);
            return complete ? Arrays.copyOf(head, length) : null;
        }
    }
}
