package io.postvault.protocol.imap.handler;

/**
 * The extensions a client turned on for its session. CONDSTORE is enabled by ENABLE or by the first command that uses
 * it (RFC 7162 section 3.1); QRESYNC only by ENABLE, and it implies CONDSTORE. IMAP4rev2 (RFC 9051 appendix A) only by
 * ENABLE: from then on the session follows RFC 9051 (no \Recent, ESEARCH for SEARCH, UTF-8 mailbox names).
 */
public final class Extensions {

    private boolean condstore;
    private boolean qresync;
    private boolean imap4rev2;

    public boolean condstore() {
        return condstore;
    }

    public boolean qresync() {
        return qresync;
    }

    public void enableCondstore() {
        condstore = true;
    }

    public void enableQresync() {
        qresync = true;
        condstore = true;
    }

    public boolean imap4rev2() {
        return imap4rev2;
    }

    public void enableImap4rev2() {
        imap4rev2 = true;
    }
}
