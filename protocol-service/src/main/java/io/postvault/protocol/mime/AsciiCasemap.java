package io.postvault.protocol.mime;

import java.util.Comparator;

/**
 * The i;ascii-casemap collation (RFC 4790 section 9.2), the one SORT compares strings with (RFC 5256 section 3):
 * "a" to "z" are taken as "A" to "Z", then octets compare in order; on UTF-8 text that is code point order. So "[" and
 * "_" (0x5B, 0x5F) sort after every letter, which lower-casing would get wrong.
 */
public final class AsciiCasemap {

    public static final Comparator<String> ORDER = AsciiCasemap::compare;

    private AsciiCasemap() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            int diff = upper(x) - upper(y);
            if (diff != 0) {
                return diff;
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int upper(int c) {
        return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
    }
}
