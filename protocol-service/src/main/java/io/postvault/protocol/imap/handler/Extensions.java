package io.postvault.protocol.imap.handler;

/**
 * The extensions a client turned on for its session. CONDSTORE is enabled by ENABLE or by the first command that uses
 * it (RFC 7162 section 3.1); QRESYNC only by ENABLE, and it implies CONDSTORE.
 */
public final class Extensions {

    private boolean condstore;
    private boolean qresync;

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
}
