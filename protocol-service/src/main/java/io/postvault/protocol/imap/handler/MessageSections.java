package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.command.FetchCommand.Section;
import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.Boundaries;
import io.postvault.protocol.mime.HeaderBlock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Cuts a BODY[section] out of a message's bytes (RFC 3501 section 6.4.5), guided by the cached body structure (the
 * multipart boundaries). Works on the whole message in memory (or on its header block alone, for the header sections
 * of the message itself): used for sections other than the whole message.
 */
public final class MessageSections {

    private MessageSections() {
    }

    /**
     * The bytes of the section (before any partial), empty when the part does not exist. Part numbers are walked as
     * Dovecot walks them (RFC 3501 section 6.4.5 leaves the corner cases open): a multipart's number picks its child;
     * any other part has only a part 1, itself; a number after that of a message/rfc822 part walks into the message
     * it holds (whose own body is its part 1 unless it is a multipart), after that of another leaf there is nothing.
     */
    public static byte[] extract(byte[] message, BodyPart structure, Section section) {
        // the current part's header + body: message[from, to), the whole message at the start; copied out once, at the
        // end
        int from = 0;
        int to = message.length;
        BodyPart part = structure;
        int[] path = section.path();
        for (int i = 0; i < path.length; i++) {
            int n = path[i];
            boolean more = i + 1 < path.length;
            if (part != null && part.isMultipart()) {
                int[] children = Boundaries.parts(message, HeaderBlock.end(message, from, to), to,
                        part.parameters().get("boundary"));
                if (n > children.length / 2) {
                    return new byte[0];
                }
                from = children[2 * n - 2];
                to = children[2 * n - 1];
                part = n <= part.parts().size() ? part.parts().get(n - 1) : null;
            } else if (n != 1 || more && !encapsulates(part)) {
                return new byte[0];
            }
            if (more && encapsulates(part)) {
                from = HeaderBlock.end(message, from, to); // the message it holds: its header, then its body
                part = part.message();
            }
        }
        String text = section.text();
        if (text.isEmpty()) {
            return Arrays.copyOfRange(message, path.length == 0 ? from : HeaderBlock.end(message, from, to), to);
        }
        if (text.equals("MIME")) {
            return Arrays.copyOfRange(message, from, HeaderBlock.end(message, from, to));
        }
        // HEADER and TEXT of a message/rfc822 part are those of the message it holds
        int target = path.length > 0 && encapsulates(part) ? HeaderBlock.end(message, from, to) : from;
        int targetBody = HeaderBlock.end(message, target, to);
        return switch (text) {
            case "HEADER" -> Arrays.copyOfRange(message, target, targetBody);
            case "TEXT" -> Arrays.copyOfRange(message, targetBody, to);
            case "HEADER.FIELDS" -> fields(Arrays.copyOfRange(message, target, targetBody), section, true);
            case "HEADER.FIELDS.NOT" -> fields(Arrays.copyOfRange(message, target, targetBody), section, false);
            default -> new byte[0];
        };
    }

    /** A message/rfc822 part whose message was parsed (its structure known). */
    static boolean encapsulates(BodyPart part) {
        return part != null && part.message() != null && "message".equals(part.type());
    }

    /** Applies <offset.length>. */
    public static byte[] partial(byte[] bytes, Section section) {
        return partial(bytes, section.offset(), section.length());
    }

    /** Applies <offset.length>; none when {@code offset} is negative. */
    static byte[] partial(byte[] bytes, long offset, long length) {
        if (offset < 0) {
            return bytes;
        }
        if (offset >= bytes.length) {
            return new byte[0];
        }
        int to = (int) Math.min(bytes.length, offset + length);
        return Arrays.copyOfRange(bytes, (int) offset, to);
    }

    /**
     * The header lines (with continuations) whose names are (or are not) listed, then the blank line. Scans the bytes
     * in place (it runs for every message of a header FETCH: no regular expression, no copy of each line).
     */
    static byte[] fields(byte[] header, Section section, boolean include) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(header.length, 1024) + 2);
        boolean keep = false;
        int start = 0;
        while (start < header.length) {
            int end = start;
            while (end < header.length && header[end] != '\n') {
                end++;
            }
            end = Math.min(end + 1, header.length); // the line with its line break
            if (header[start] == '\n' || header[start] == '\r' && end - start == 2 && header[start + 1] == '\n') {
                break; // the blank line that ends the header
            }
            if (header[start] != ' ' && header[start] != '\t') {
                int colon = indexOf(header, (byte) ':', start, end);
                String name = colon < 0 ? "" : new String(header, start, colon - start, StandardCharsets.ISO_8859_1)
                        .trim().toUpperCase(Locale.ROOT);
                keep = section.fields().contains(name) == include;
            }
            if (keep) {
                out.write(header, start, end - start);
            }
            start = end;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
