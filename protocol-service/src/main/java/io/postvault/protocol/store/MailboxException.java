package io.postvault.protocol.store;

/** A mailbox operation refused for a reason IMAP has a response code for (RFC 5530, 9208; NOPERM RFC 4314). */
public final class MailboxException extends RuntimeException {

    /** The reason, named after its IMAP response code ("_" for "-": UNKNOWN-CTE, RFC 3516). */
    public enum Code { NONEXISTENT, ALREADYEXISTS, TRYCREATE, OVERQUOTA, CANNOT, INUSE, NOPERM, UNKNOWN_CTE }

    private final Code code;

    public MailboxException(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
