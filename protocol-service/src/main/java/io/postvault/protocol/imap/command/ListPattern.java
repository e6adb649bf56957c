package io.postvault.protocol.imap.command;

import java.util.regex.Pattern;

/** LIST wildcards (RFC 3501 section 6.3.8): "*" matches anything, "%" anything but the delimiter "/". */
public final class ListPattern {

    private ListPattern() {
    }

    public static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        String rest = pattern;
        if (rest.regionMatches(true, 0, "INBOX", 0, 5) && (rest.length() == 5 || rest.charAt(5) == '/')) {
            regex.append("INBOX");
            rest = rest.substring(5);
        }
        StringBuilder literal = new StringBuilder();
        for (char c : rest.toCharArray()) {
            if (c == '*' || c == '%') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : "[^/]*");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
