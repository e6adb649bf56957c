package io.postvault.protocol.submission;

import io.postvault.protocol.lmtp.LmtpCommand;

/** The submission commands, as typed values (RFC 5321 section 4.1, RFC 3207, RFC 4954, RFC 3030). */
public sealed interface SubmissionCommand {

    /** EHLO ({@code extended}) or HELO. */
    record Hello(String domain, boolean extended) implements SubmissionCommand {
    }

    record StartTls() implements SubmissionCommand {
    }

    /** @param initialResponse the base64 initial response (RFC 4954), null when absent */
    record Auth(String mechanism, String initialResponse) implements SubmissionCommand {
    }

    /** BDAT (RFC 3030 CHUNKING): {@code size} octets of message follow the command line. */
    record Bdat(long size, boolean last) implements SubmissionCommand {
    }

    /**
     * A command SMTP shares with LMTP (MAIL, RCPT, DATA, RSET, NOOP, QUIT, VRFY, unknown), parsed by the LMTP
     * parser; LHLO is not among them here.
     */
    record Shared(LmtpCommand command) implements SubmissionCommand {
    }
}
