package io.postvault.protocol.pop3;

import java.util.List;
import java.util.Locale;

/**
 * A POP3 command line split into its keyword (upper-cased) and arguments (RFC 1939 section 3: keyword and arguments
 * separated by single spaces, arguments up to 40 characters; AUTH initial responses and passwords may be longer).
 */
public record Pop3Command(String keyword, List<String> arguments) {

    public static Pop3Command parse(String line) {
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        if (space < 0) {
            return new Pop3Command(keyword, List.of());
        }
        String rest = line.substring(space + 1);
        // PASS takes the rest of the line: passwords may contain spaces (RFC 1939 section 7 allows it)
        if (keyword.equals("PASS")) {
            return new Pop3Command(keyword, List.of(rest));
        }
        return new Pop3Command(keyword, List.of(rest.trim().split(" +")).stream().filter(a -> !a.isEmpty()).toList());
    }

    /** Argument {@code i} as a message number or line count (non-negative), or -1 when absent or not a number. */
    public long number(int i) {
        if (i >= arguments.size()) {
            return -1;
        }
        String text = arguments.get(i);
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(text);
    }
}
