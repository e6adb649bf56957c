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
        byte[] entity = message; // header + body of the current part (of the whole message at the start)
        BodyPart part = structure;
        int[] path = section.path();
        for (int i = 0; i < path.length; i++) {
            int n = path[i];
            boolean more = i + 1 < path.length;
            if (part != null && part.isMultipart()) {
                byte[][] children = split(body(entity), part.parameters().get("boundary"));
                if (n > children.length) {
                    return new byte[0];
                }
                entity = children[n - 1];
                part = n <= part.parts().size() ? part.parts().get(n - 1) : null;
            } else if (n != 1 || more && !encapsulates(part)) {
                return new byte[0];
            }
            if (more && encapsulates(part)) {
                entity = body(entity); // the message it holds: its header, then its body
                part = part.message();
            }
        }
        String text = section.text();
        if (text.isEmpty()) {
            return path.length == 0 ? entity : body(entity);
        }
        if (text.equals("MIME")) {
            return header(entity);
        }
        // HEADER and TEXT of a message/rfc822 part are those of the message it holds
        byte[] target = path.length > 0 && encapsulates(part) ? body(entity) : entity;
        return switch (text) {
            case "HEADER" -> header(target);
            case "TEXT" -> body(target);
            case "HEADER.FIELDS" -> fields(header(target), section, true);
            case "HEADER.FIELDS.NOT" -> fields(header(target), section, false);
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

    static byte[] header(byte[] entity) {
        return Arrays.copyOf(entity, HeaderBlock.length(entity, entity.length));
    }

    static byte[] body(byte[] entity) {
        return Arrays.copyOfRange(entity, HeaderBlock.length(entity, entity.length), entity.length);
    }

    /** The parts between boundary delimiters, without the CRLF that belongs to the delimiter. */
    static byte[][] split(byte[] body, String boundary) {
        int[] parts = Boundaries.parts(body, 0, body.length, boundary);
        byte[][] out = new byte[parts.length / 2][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(body, parts[2 * i], parts[2 * i + 1]);
        }
        return out;
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
