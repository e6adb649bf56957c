package io.postvault.protocol.imap.response;

import java.util.regex.Pattern;

/**
 * The object identifiers of OBJECTID (RFC 8474). MAILBOXID: "F" and the folder's row id, which a RENAME keeps and
 * which is never reused. EMAILID: "M" and the first 24 hex digits (96 bits) of the SHA-256 of the message's bytes (its
 * blob id), so a message keeps it when moved and its copies share it, as section 5.1 asks, and so do messages of the
 * same bytes, as Cyrus's content-based ids do. Threads are not kept: THREADID is NIL (section 5.2 allows it).
 */
public final class ObjectIds {

    private static final int EMAILID_HEX_DIGITS = 24;
    private static final Pattern EMAILID = Pattern.compile("M[0-9a-f]{" + EMAILID_HEX_DIGITS + "}");

    private ObjectIds() {
    }

    public static String mailboxId(long folderId) {
        return "F" + folderId;
    }

    public static String emailId(String blobId) {
        return "M" + blobId.substring(0, EMAILID_HEX_DIGITS);
    }

    /** The blob id prefix that an EMAILID stands for, or null when no message of this server can have it. */
    public static String blobIdPrefix(String emailId) {
        return EMAILID.matcher(emailId).matches() ? emailId.substring(1) : null;
    }
}
