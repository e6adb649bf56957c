package io.postvault.protocol.lmtp;

/** The LMTP commands, as typed values (RFC 2033, RFC 5321 section 4.1). */
public sealed interface LmtpCommand {

    record Lhlo(String domain) implements LmtpCommand {
    }

    /** HELO or EHLO: SMTP greetings that LMTP does not accept. */
    record SmtpGreeting(String verb) implements LmtpCommand {
    }

    /**
     * @param reversePath the sender, empty for the null reverse-path {@code <>}
     * @param size        the declared SIZE, -1 when absent
     */
    record MailFrom(String reversePath, long size, boolean eightBitMime, boolean smtpUtf8) implements LmtpCommand {
    }

    record RcptTo(String forwardPath) implements LmtpCommand {
    }

    record Data() implements LmtpCommand {
    }

    record Rset() implements LmtpCommand {
    }

    record Noop() implements LmtpCommand {
    }

    record Quit() implements LmtpCommand {
    }

    record Vrfy() implements LmtpCommand {
    }

    record Unknown(String verb) implements LmtpCommand {
    }
}
