package io.postvault.protocol.mime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the parts of a multipart body are (RFC 2046 section 5.1.1): between a delimiter line ("--" boundary at the
 * start of a line, transport padding allowed) and the CRLF before the next delimiter, which belongs to that delimiter.
 * Parts end at the close delimiter ("--" boundary "--"), or at the end of the body when it has none (a truncated
 * message keeps its last part).
 */
public final class Boundaries {

    private Boundaries() {
    }

    /** The parts of {@code data[from, to)} as [start, end) pairs, in order; none without a boundary. */
    public static int[] parts(byte[] data, int from, int to, String boundary) {
        if (boundary == null) {
            return new int[0];
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int[] out = new int[8];
        int count = 0;
        int start = -1;
        int i = from;
        while (i < to) {
            boolean lineStart = i == from || data[i - 1] == '\n';
            if (lineStart && startsWith(data, i, to, delimiter)) {
                boolean close = startsWith(data, i + delimiter.length, to, new byte[] {'-', '-'});
                if (start >= 0) {
                    int end = i;
                    if (end > start && data[end - 1] == '\n') {
                        end--;
                        if (end > start && data[end - 1] == '\r') {
                            end--;
                        }
                    }
                    out = add(out, count, start, end);
                    count += 2;
                }
                if (close) {
                    return Arrays.copyOf(out, count);
                }
                int lineEnd = i;
                while (lineEnd < to && data[lineEnd] != '\n') {
                    lineEnd++;
                }
                start = Math.min(lineEnd + 1, to);
                i = start;
                continue;
            }
            i++;
        }
        if (start >= 0) { // no close delimiter: the last part runs to the end
            out = add(out, count, start, to);
            count += 2;
        }
        return Arrays.copyOf(out, count);
    }

    private static int[] add(int[] out, int count, int start, int end) {
        int[] grown = count + 2 <= out.length ? out : Arrays.copyOf(out, out.length * 2);
        grown[count] = start;
        grown[count + 1] = end;
        return grown;
    }

    private static boolean startsWith(byte[] data, int at, int to, byte[] prefix) {
        if (at + prefix.length > to) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
