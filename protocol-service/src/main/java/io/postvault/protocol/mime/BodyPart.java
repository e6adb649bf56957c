package io.postvault.protocol.mime;

import java.util.List;
import java.util.Map;

/**
 * One node of the IMAP BODYSTRUCTURE (RFC 3501 section 7.4.2), cached at delivery so FETCH does not re-read the blob.
 *
 * @param type              media type, lower case ({@code text}, {@code multipart}, {@code message} ...)
 * @param subtype           media subtype, lower case
 * @param parameters        Content-Type parameters (names lower case), boundary included for multiparts
 * @param id                Content-ID, or null
 * @param description       Content-Description, or null
 * @param encoding          Content-Transfer-Encoding, lower case ({@code 7bit} when absent); null for multiparts
 * @param size              octets of the (still encoded) body; 0 for multiparts
 * @param lines             lines of the body for {@code text/*} and {@code message/rfc822}; null otherwise
 * @param md5               Content-MD5, or null
 * @param disposition       Content-Disposition type, lower case, or null
 * @param dispositionParams its parameters
 * @param language          Content-Language tags, or an empty list
 * @param location          Content-Location, or null
 * @param parts             the children of a multipart (empty for other types)
 * @param envelope          the ENVELOPE of an encapsulated {@code message/rfc822}, else null
 * @param message           the body structure of an encapsulated {@code message/rfc822}, else null
 */
public record BodyPart(String type, String subtype, Map<String, String> parameters, String id, String description,
                       String encoding, long size, Long lines, String md5, String disposition,
                       Map<String, String> dispositionParams, List<String> language, String location,
                       List<BodyPart> parts, Envelope envelope, BodyPart message) {

    public boolean isMultipart() {
        return "multipart".equals(type);
    }

    /** An attachment: a leaf with disposition {@code attachment}, or one that carries a file name. */
    boolean isAttachment() {
        if (isMultipart()) {
            return false;
        }
        return "attachment".equals(disposition) || dispositionParams.containsKey("filename")
                || parameters.containsKey("name");
    }

    /** Whether this part or any part below it is an attachment (encapsulated messages count as attachments). */
    public boolean hasAttachments() {
        if (isAttachment() || message != null) {
            return true;
        }
        return parts.stream().anyMatch(BodyPart::hasAttachments);
    }
}
