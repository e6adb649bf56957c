package io.postvault.protocol.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * The comments Mime4j's address parser drops: for {@code kim@example.com (Kim)} Dovecot gives the IMAP ENVELOPE the
 * display name "Kim" (RFC 3501 leaves it open; an addr-spec has no display name of its own). Scans an address-list
 * header value once and gives, for each mailbox in order (group members included, group names not), the text of the
 * last comment of a bare addr-spec, or null (no comment, or a name-addr whose display name is what counts).
 */
final class AddressComments {

    private AddressComments() {
    }

    static List<String> of(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder comment = new StringBuilder();
        String last = null;
        boolean content = false; // the current unit holds more than white space and comments
        boolean nameAddr = false;
        int depth = 0; // comment nesting
        char close = 0; // the end of a quoted string, angle address or domain literal being skipped
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (depth > 0) {
                if (c == '\\' && i + 1 < value.length()) {
                    comment.append(value.charAt(++i));
                } else if (c == '(' || c == ')') {
                    depth += c == '(' ? 1 : -1;
                    if (depth == 0) {
                        last = comment.toString().trim();
                    } else {
                        comment.append(c);
                    }
                } else {
                    comment.append(c);
                }
            } else if (close != 0) {
                if (c == '\\' && close == '"') {
                    i++;
                } else if (c == close) {
                    close = 0;
                }
            } else if (c == '(') {
                depth = 1;
                comment.setLength(0);
            } else if (c == '"' || c == '<' || c == '[') {
                close = c == '"' ? '"' : c == '<' ? '>' : ']';
                nameAddr |= c == '<';
                content = true;
            } else if (c == ':' || c == ',' || c == ';') {
                if (c != ':' && content) { // ':' ends a group's name, which is no mailbox
                    out.add(nameAddr || last == null || last.isEmpty() ? null : last);
                }
                content = false;
                nameAddr = false;
                last = null;
            } else if (!Character.isWhitespace(c)) {
                content = true;
            }
        }
        if (content) {
            out.add(nameAddr || last == null || last.isEmpty() ? null : last);
        }
        return out;
    }
}
