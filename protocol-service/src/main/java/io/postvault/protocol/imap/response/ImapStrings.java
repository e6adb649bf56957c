package io.postvault.protocol.imap.response;

import java.nio.charset.StandardCharsets;

/** How strings go on the wire (RFC 3501 section 4.3): atom where safe, quoted where possible, else a literal. */
public final class ImapStrings {

    private ImapStrings() {
    }

    /** string: quoted when every character may be quoted, else a literal. */
    public static void string(StringBuilder out, String value) {
        if (quotable(value)) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.append('{').append(bytes.length).append("}\r\n").append(value);
        }
    }

    /** nstring: NIL for null. */
    public static void nstring(StringBuilder out, String value) {
        if (value == null) {
            out.append("NIL");
        } else {
            string(out, value);
        }
    }

    /** astring: an atom when it is one, else a string. */
    public static void astring(StringBuilder out, String value) {
        if (!value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && "(){ %*\"\\".indexOf(c) < 0)
                && !value.equalsIgnoreCase("NIL")) {
            out.append(value);
        } else {
            string(out, value);
        }
    }

    /** Quoted strings carry 7-bit text without CR, LF and NUL. */
    static boolean quotable(String value) {
        if (value.length() > 1024) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
