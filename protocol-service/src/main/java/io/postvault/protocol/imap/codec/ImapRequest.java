package io.postvault.protocol.imap.codec;

import java.util.List;

/**
 * One client command as framed on the wire: its line fragments and, between them, the literals the client sent
 * ({@code fragments.size() == literals.size() + 1}). A fragment that is followed by a literal ends with its
 * {@code {n}} or {@code {n+}} marker. The literal at index {@code spooled} (-1: none) is null here: its octets went to
 * the session's spool file as they arrived.
 */
public record ImapRequest(List<String> fragments, List<byte[]> literals, int spooled) {

    public ImapRequest(List<String> fragments, List<byte[]> literals) {
        this(fragments, literals, -1);
    }

    /** The tag (first word) of the command, or "*" when there is none. */
    public String tag() {
        String first = fragments.get(0);
        int sp = first.indexOf(' ');
        String tag = sp < 0 ? first : first.substring(0, sp);
        return tag.isEmpty() ? "*" : tag;
    }
}
