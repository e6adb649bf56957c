package io.postvault.protocol.submission;

import io.postvault.protocol.lmtp.LmtpCommand;
import io.postvault.protocol.lmtp.LmtpCommandParser;
import io.postvault.protocol.lmtp.LmtpSyntaxException;
import java.util.Locale;

/**
 * Parses one submission command line. The envelope commands are the LMTP parser's (same grammar, RFC 5321 4.1);
 * this adds the SMTP greetings, STARTTLS, AUTH, BDAT, and the {@code AUTH=} parameter of MAIL (RFC 4954 section 5),
 * which a submission server accepts and ignores: the sender is the authenticated account.
 */
public final class SubmissionCommandParser {

    private SubmissionCommandParser() {
    }

    public static SubmissionCommand parse(String line) throws LmtpSyntaxException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1);
        return switch (verb) {
            case "EHLO", "HELO" -> hello(rest, verb.equals("EHLO"));
            case "STARTTLS" -> noArguments(rest, new SubmissionCommand.StartTls());
            case "AUTH" -> auth(rest);
            case "BDAT" -> bdat(rest);
            case "LHLO" -> new SubmissionCommand.Shared(new LmtpCommand.Unknown(verb));
            case "MAIL" -> new SubmissionCommand.Shared(LmtpCommandParser.parse(withoutAuthParameter(line)));
            default -> new SubmissionCommand.Shared(LmtpCommandParser.parse(line));
        };
    }

    private static SubmissionCommand noArguments(String rest, SubmissionCommand command) throws LmtpSyntaxException {
        if (!rest.isBlank()) {
            throw new LmtpSyntaxException("No parameters allowed");
        }
        return command;
    }

    private static SubmissionCommand hello(String rest, boolean extended) throws LmtpSyntaxException {
        String domain = rest.trim();
        if (domain.isEmpty() || domain.contains(" ")) {
            throw new LmtpSyntaxException("Syntax: " + (extended ? "EHLO" : "HELO") + " hostname");
        }
        return new SubmissionCommand.Hello(domain, extended);
    }

    private static SubmissionCommand auth(String rest) throws LmtpSyntaxException {
        String[] words = rest.trim().split(" +");
        if (words[0].isEmpty() || words.length > 2) {
            throw new LmtpSyntaxException("Syntax: AUTH mechanism [initial-response]");
        }
        return new SubmissionCommand.Auth(words[0].toUpperCase(Locale.ROOT), words.length == 2 ? words[1] : null);
    }

    private static SubmissionCommand bdat(String rest) throws LmtpSyntaxException {
        String[] words = rest.trim().split(" +");
        if (words.length > 2 || (words.length == 2 && !words[1].equalsIgnoreCase("LAST"))) {
            throw new LmtpSyntaxException("Syntax: BDAT size [LAST]");
        }
        try {
            long size = Long.parseLong(words[0]);
            if (size < 0 || !words[0].chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            return new SubmissionCommand.Bdat(size, words.length == 2);
        } catch (NumberFormatException e) {
            throw new LmtpSyntaxException("Syntax: BDAT size [LAST]");
        }
    }

    /** The MAIL line without an {@code AUTH=} parameter (RFC 4954 5), which carries nothing a submission server uses. */
    private static String withoutAuthParameter(String line) {
        int close = line.indexOf('>');
        if (close < 0) {
            return line; // the LMTP parser gives the syntax error
        }
        StringBuilder out = new StringBuilder(line.substring(0, close + 1));
        for (String param : line.substring(close + 1).split(" ")) {
            if (!param.isEmpty() && !param.regionMatches(true, 0, "AUTH=", 0, 5)) {
                out.append(' ').append(param);
            }
        }
        return out.toString();
    }
}
