package io.postvault.protocol.imap.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Mailbox names in modified UTF-7 (RFC 3501 section 5.1.3): "&" shifts to modified base64 of UTF-16, "-" back. */
public final class ModifiedUtf7 {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
                i++;
            } else {
                int start = i;
                while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
                    i++;
                }
                ByteBuffer utf16 = StandardCharsets.UTF_16BE.encode(CharBuffer.wrap(name, start, i));
                byte[] bytes = new byte[utf16.remaining()];
                utf16.get(bytes);
                out.append('&').append(ENCODER.encodeToString(bytes).replace('/', ',')).append('-');
            }
        }
        return out.toString();
    }

    /** Decodes; throws {@link ImapSyntaxException} for a malformed name. */
    public static String decode(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != '&') {
                if (c > 0x7e) {
                    out.append(c); // a UTF-8 name (RFC 6855 style): taken as it is
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            int end = name.indexOf('-', i + 1);
            if (end < 0) {
                throw new ImapSyntaxException("Invalid modified UTF-7 mailbox name");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                String b64 = name.substring(i + 1, end).replace(',', '/');
                byte[] bytes;
                try {
                    bytes = DECODER.decode(b64);
                } catch (IllegalArgumentException e) {
                    throw new ImapSyntaxException("Invalid modified UTF-7 mailbox name");
                }
                if (bytes.length == 0 || bytes.length % 2 != 0) {
                    throw new ImapSyntaxException("Invalid modified UTF-7 mailbox name");
                }
                out.append(new String(bytes, StandardCharsets.UTF_16BE));
            }
            i = end + 1;
        }
        return out.toString();
    }
}
