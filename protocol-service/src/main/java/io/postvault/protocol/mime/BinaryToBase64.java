package io.postvault.protocol.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.ContentTypeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * What Dovecot does with a message APPENDed as literal8 (RFC 3516 section 4.4): each part whose
 * Content-Transfer-Encoding is {@code binary} is stored base64-encoded, its header saying so, so that BODY[] and every
 * other non-BINARY section can go out in a literal (which holds no NUL, RFC 9051 section 4.3) while BINARY[part]
 * still gives the original octets back. Multiparts and message/rfc822 parts are walked into; every other octet
 * (headers, preambles, boundaries, other parts) is kept as it is.
 */
public final class BinaryToBase64 {

    private static final int MAX_DEPTH = MimeParser.MAX_DEPTH;
    /** A line break not followed by white space: where the next header field starts. */
    private static final Pattern FIELD_START = Pattern.compile("\r?\n(?![ \t])");
    private static final byte[] CTE_BASE64 = "Content-Transfer-Encoding: base64\r\n".getBytes(StandardCharsets.US_ASCII);

    private BinaryToBase64() {
    }

    /** The message with its binary parts in base64; the same array when it has none. */
    public static byte[] convert(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 3);
        boolean changed = entity(message, 0, message.length, false, 0, out);
        return changed ? out.toByteArray() : message;
    }

    /** Writes the entity at [from, to) to {@code out}; true when something in it was converted. */
    private static boolean entity(byte[] data, int from, int to, boolean inDigest, int depth, ByteArrayOutputStream out) {
        int bodyStart = HeaderBlock.end(data, from, to);
        Header header = Header.of(new String(data, from, bodyStart - from, StandardCharsets.ISO_8859_1));
        String type = header.type(inDigest);
        if (depth < MAX_DEPTH && type.startsWith("multipart/") && header.boundary() != null) {
            out.write(data, from, bodyStart - from);
            return multipart(data, bodyStart, to, header.boundary(), type.equals("multipart/digest"), depth, out);
        }
        if (depth < MAX_DEPTH && type.equals("message/rfc822") && !header.binary()) {
            out.write(data, from, bodyStart - from);
            return entity(data, bodyStart, to, false, depth + 1, out);
        }
        if (!header.binary() || type.startsWith("multipart/") || type.startsWith("message/")) {
            out.write(data, from, to - from);
            return false;
        }
        if (bodyStart == to) { // no body to encode
            out.write(data, from, to - from);
            return false;
        }
        // the header ends with its blank line: CRLF or LF
        int blank = bodyStart - from >= 2 && data[bodyStart - 2] == '\r' ? 2 : 1;
        header.writeWithoutEncoding(data, from, out);
        out.writeBytes(CTE_BASE64);
        out.write(data, bodyStart - blank, blank);
        out.writeBytes(Base64.getMimeEncoder().encode(Arrays.copyOfRange(data, bodyStart, to)));
        if (data[to - 1] == '\n') { // a line end that is the body's own (in a multipart, the delimiter has its CRLF)
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return true;
    }

    private static boolean multipart(byte[] data, int from, int to, String boundary, boolean digest, int depth,
            ByteArrayOutputStream out) {
        int[] parts = Boundaries.parts(data, from, to, boundary);
        boolean changed = false;
        int copied = from;
        for (int i = 0; i < parts.length; i += 2) {
            out.write(data, copied, parts[i] - copied); // preamble or the delimiter line before the part
            changed |= entity(data, parts[i], parts[i + 1], digest, depth + 1, out);
            copied = parts[i + 1];
        }
        out.write(data, copied, to - copied); // the last delimiter and the epilogue
        return changed;
    }

    /** The fields of a header that matter here. */
    private record Header(String text, ContentTypeField contentType, boolean binary) {

        static Header of(String text) {
            ContentTypeField contentType = null;
            boolean binary = false;
            for (String folded : FIELD_START.split(text)) {
                String field = MimeUtil.unfold(folded); // one field: its line breaks before white space go
                int colon = field.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = field.substring(colon + 1).trim();
                if (name.equals("content-type") && contentType == null) {
                    contentType = ContentTypeFieldLenientImpl.PARSER.parse(new RawField("Content-Type", value),
                            DecodeMonitor.SILENT);
                } else if (name.equals("content-transfer-encoding")) {
                    binary = value.equalsIgnoreCase("binary");
                }
            }
            return new Header(text, contentType, binary);
        }

        /** type/subtype, lower case, with the defaults of RFC 2045 section 5.2 and RFC 2046 section 5.1.5. */
        String type(boolean inDigest) {
            if (contentType == null || contentType.getMimeType() == null) {
                return inDigest ? "message/rfc822" : "text/plain";
            }
            return contentType.getMimeType().toLowerCase(Locale.ROOT);
        }

        String boundary() {
            return contentType == null ? null : contentType.getBoundary();
        }

        /** The header's lines without its Content-Transfer-Encoding field(s) nor the blank line. */
        void writeWithoutEncoding(byte[] data, int from, ByteArrayOutputStream out) {
            int end = from + text.length();
            int line = from;
            boolean skipping = false;
            while (line < end) {
                int next = line;
                while (next < end && data[next] != '\n') {
                    next++;
                }
                next = Math.min(next + 1, end);
                boolean blank = data[line] == '\n' || data[line] == '\r' && next - line == 2;
                if (blank) {
                    return;
                }
                if (data[line] != ' ' && data[line] != '\t') {
                    skipping = new String(data, line, next - line, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                            .startsWith("content-transfer-encoding");
                }
                if (!skipping) {
                    out.write(data, line, next - line);
                }
                line = next;
            }
        }
    }
}
