package io.postvault.protocol.lmtp;

/** A command line that does not parse; becomes {@code 501 5.5.4} (or the given reply). */
public class LmtpSyntaxException extends Exception {

    private final String reply;

    public LmtpSyntaxException(String message) {
        this("501 5.5.4 " + message, true);
    }

    private LmtpSyntaxException(String reply, boolean full) {
        super(reply);
        this.reply = reply;
    }

    /** An error with its own reply code, e.g. 555 for unknown parameters. */
    public static LmtpSyntaxException withReply(String reply) {
        return new LmtpSyntaxException(reply, true);
    }

    public String reply() {
        return reply;
    }
}
