package io.postvault.protocol.lmtp;

import java.util.Locale;

/** Parses one LMTP command line into an {@link LmtpCommand} (RFC 5321 section 4.1, RFC 1870, 6152, 6531). */
public final class LmtpCommandParser {

    private LmtpCommandParser() {
    }

    public static LmtpCommand parse(String line) throws LmtpSyntaxException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1);
        return switch (verb) {
            case "LHLO" -> lhlo(rest);
            case "HELO", "EHLO" -> new LmtpCommand.SmtpGreeting(verb);
            case "MAIL" -> mail(rest);
            case "RCPT" -> rcpt(rest);
            case "DATA" -> noArguments(rest, new LmtpCommand.Data());
            case "RSET" -> noArguments(rest, new LmtpCommand.Rset());
            case "NOOP" -> new LmtpCommand.Noop(); // NOOP may carry a string (RFC 5321 4.1.1.9)
            case "QUIT" -> noArguments(rest, new LmtpCommand.Quit());
            case "VRFY" -> new LmtpCommand.Vrfy();
            default -> new LmtpCommand.Unknown(verb);
        };
    }

    private static LmtpCommand noArguments(String rest, LmtpCommand command) throws LmtpSyntaxException {
        if (!rest.isBlank()) {
            throw new LmtpSyntaxException("No parameters allowed");
        }
        return command;
    }

    private static LmtpCommand lhlo(String rest) throws LmtpSyntaxException {
        String domain = rest.trim();
        if (domain.isEmpty() || domain.contains(" ")) {
            throw new LmtpSyntaxException("Syntax: LHLO hostname");
        }
        return new LmtpCommand.Lhlo(domain);
    }

    private static LmtpCommand mail(String rest) throws LmtpSyntaxException {
        if (!rest.regionMatches(true, 0, "FROM:", 0, 5)) {
            throw new LmtpSyntaxException("Syntax: MAIL FROM:<address> [parameters]");
        }
        String[] pathAndParams = path(rest.substring(5), "MAIL FROM:<address>");
        long size = -1;
        boolean eightBit = false;
        boolean utf8 = false;
        for (String param : pathAndParams[1].split(" ")) {
            if (param.isEmpty()) {
                continue;
            }
            String upper = param.toUpperCase(Locale.ROOT);
            if (upper.startsWith("SIZE=")) {
                try {
                    size = Long.parseLong(param.substring(5));
                } catch (NumberFormatException e) {
                    throw new LmtpSyntaxException("Bad SIZE parameter");
                }
                if (size < 0) {
                    throw new LmtpSyntaxException("Bad SIZE parameter");
                }
            } else if (upper.equals("BODY=8BITMIME")) {
                eightBit = true;
            } else if (upper.equals("BODY=7BIT")) {
                eightBit = false;
            } else if (upper.equals("SMTPUTF8")) {
                utf8 = true;
            } else {
                throw LmtpSyntaxException.withReply("555 5.5.4 Unsupported parameter " + param);
            }
        }
        String sender = pathAndParams[0];
        if (!sender.isEmpty()) {
            mailbox(sender, "MAIL FROM:<address>");
        }
        return new LmtpCommand.MailFrom(sender, size, eightBit, utf8);
    }

    private static LmtpCommand rcpt(String rest) throws LmtpSyntaxException {
        if (!rest.regionMatches(true, 0, "TO:", 0, 3)) {
            throw new LmtpSyntaxException("Syntax: RCPT TO:<address>");
        }
        String[] pathAndParams = path(rest.substring(3), "RCPT TO:<address>");
        if (!pathAndParams[1].isBlank()) {
            throw LmtpSyntaxException.withReply("555 5.5.4 Unsupported parameter " + pathAndParams[1].trim());
        }
        mailbox(pathAndParams[0], "RCPT TO:<address>");
        return new LmtpCommand.RcptTo(pathAndParams[0]);
    }

    /** {@code <path> params}: the address inside the brackets and the parameter string. */
    private static String[] path(String text, String syntax) throws LmtpSyntaxException {
        String trimmed = text.stripLeading(); // some clients send "MAIL FROM: <a@b>"
        if (!trimmed.startsWith("<")) {
            throw new LmtpSyntaxException("Syntax: " + syntax);
        }
        int close = trimmed.indexOf('>');
        if (close < 0) {
            throw new LmtpSyntaxException("Syntax: " + syntax);
        }
        String address = trimmed.substring(1, close);
        // a source route (RFC 5321 4.1.2, obsolete) is ignored: <@a,@b:user@c>
        int colon = address.indexOf(':');
        if (address.startsWith("@") && colon > 0) {
            address = address.substring(colon + 1);
        }
        String params = trimmed.substring(close + 1);
        if (!params.isEmpty() && !params.startsWith(" ")) {
            throw new LmtpSyntaxException("Syntax: " + syntax);
        }
        return new String[] {address, params.trim()};
    }

    private static void mailbox(String address, String syntax) throws LmtpSyntaxException {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.chars().anyMatch(c -> c <= ' ')) {
            throw new LmtpSyntaxException("Syntax: " + syntax);
        }
    }
}
