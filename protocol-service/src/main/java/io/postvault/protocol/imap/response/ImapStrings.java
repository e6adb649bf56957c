package io.postvault.protocol.imap.response;

import io.postvault.protocol.imap.codec.ModifiedUtf7;
import java.nio.charset.StandardCharsets;

/** How strings go on the wire (RFC 3501 section 4.3): atom where safe, quoted where possible, else a literal. */
public final class ImapStrings {

    private ImapStrings() {
    }

    /** string: quoted when every character may be quoted, else a literal. */
    public static void string(StringBuilder out, String value) {
        string(out, value, false);
    }

    /** @param utf8 UTF-8 may be quoted (IMAP4rev2 enabled, RFC 9051 section 4.3); else it goes in a literal */
    private static void string(StringBuilder out, String value, boolean utf8) {
        if (quotable(value, utf8)) {
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

    /**
     * A mailbox name: in modified UTF-7 (IMAP4rev1), or as it is with UTF-8 quoted (IMAP4rev2, RFC 9051 section 5.1).
     */
    public static void mailbox(StringBuilder out, String name, boolean utf8) {
        if (!utf8) {
            astring(out, ModifiedUtf7.encode(name));
        } else if (name.chars().allMatch(c -> c < 0x80)) {
            astring(out, name);
        } else {
            string(out, name, true);
        }
    }

    /** Quoted strings carry 7-bit text without CR, LF and NUL (and UTF-8 once IMAP4rev2 is enabled). */
    static boolean quotable(String value, boolean utf8) {
        if (value.length() > 1024) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c == 0x7f || (c > 0x7f && !utf8)) {
                return false;
            }
        }
        return true;
    }
}
