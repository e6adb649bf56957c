package io.postvault.protocol.mime;

import java.util.Locale;
import java.util.Set;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * SEARCH FROM/TO/CC/BCC on the parsed addresses of a field (RFC 3501 section 6.4.4): an address is found as
 * "local@domain" even where the raw field hides it behind comments or brackets ("&lt;a (x)@ (y) b.example&gt;"), and by its
 * display name.
 */
final class Addresses {

    private static final Set<String> FIELDS = Set.of("from", "sender", "reply-to", "to", "cc", "bcc");

    private Addresses() {
    }

    /** True when the field is an address field and one of its addresses or display names contains the text. */
    static boolean contain(Field field, String lowerText) {
        if (!FIELDS.contains(field.getName().toLowerCase(Locale.ROOT)) || field.getBody() == null) {
            return false;
        }
        try {
            for (Address address : LenientAddressParser.DEFAULT.parseAddressList(MimeUtil.unfold(field.getBody()))) {
                if (address instanceof Mailbox mailbox && contains(mailbox, lowerText)) {
                    return true;
                }
                if (address instanceof Group group
                        && group.getMailboxes().stream().anyMatch(m -> contains(m, lowerText))) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return false; // unparsable: the raw field was searched already
        }
        return false;
    }

    private static boolean contains(Mailbox mailbox, String lowerText) {
        return mailbox.getAddress().toLowerCase(Locale.ROOT).contains(lowerText)
                || mailbox.getName() != null && mailbox.getName().toLowerCase(Locale.ROOT).contains(lowerText);
    }
}
