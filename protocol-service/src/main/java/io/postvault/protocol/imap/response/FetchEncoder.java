package io.postvault.protocol.imap.response;

import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.Envelope;
import io.postvault.protocol.mime.Envelope.EnvelopeAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The FETCH data items built from cached metadata (RFC 3501 section 7.4.2): exact bytes, tested as such. */
public final class FetchEncoder {

    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private static final String DEFAULT_CHARSET = "\"CHARSET\" \"us-ascii\"";
    /** The structure of a message or multipart without content: an empty text/plain part (as Dovecot answers). */
    public static final String EMPTY_TEXT = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0)";

    private FetchEncoder() {
    }

    /** A parenthesised flag list. */
    public static void flags(StringBuilder out, Collection<String> flags) {
        out.append('(');
        boolean first = true;
        for (String flag : flags) {
            out.append(first ? "" : " ").append(flag);
            first = false;
        }
        out.append(')');
    }

    /** date-time: {@code "01-Jan-2024 10:00:00 +0000"}. */
    public static void internalDate(StringBuilder out, Instant date) {
        out.append('"').append(INTERNAL_DATE.format(date)).append('"');
    }

    public static void envelope(StringBuilder out, Envelope e) {
        if (e == null) {
            out.append("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
            return;
        }
        out.append('(');
        ImapStrings.nstring(out, e.date());
        out.append(' ');
        ImapStrings.nstring(out, e.subject());
        out.append(' ');
        addresses(out, e.from());
        out.append(' ');
        addresses(out, e.sender() == null || e.sender().isEmpty() ? e.from() : e.sender());
        out.append(' ');
        addresses(out, e.replyTo() == null || e.replyTo().isEmpty() ? e.from() : e.replyTo());
        out.append(' ');
        addresses(out, e.to());
        out.append(' ');
        addresses(out, e.cc());
        out.append(' ');
        addresses(out, e.bcc());
        out.append(' ');
        ImapStrings.nstring(out, e.inReplyTo());
        out.append(' ');
        ImapStrings.nstring(out, e.messageId());
        out.append(')');
    }

    private static void addresses(StringBuilder out, List<EnvelopeAddress> list) {
        if (list == null || list.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (EnvelopeAddress a : list) {
            out.append('(');
            ImapStrings.nstring(out, a.name() == null ? null : encodedWord(a.name()));
            out.append(' ');
            ImapStrings.nstring(out, a.adl());
            out.append(' ');
            ImapStrings.nstring(out, a.mailbox());
            out.append(' ');
            ImapStrings.nstring(out, a.host());
            out.append(')');
        }
        out.append(')');
    }

    /** A display name with non-ASCII characters becomes an RFC 2047 encoded word. */
    static String encodedWord(String text) {
        if (text.chars().allMatch(c -> c < 0x7f)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** BODYSTRUCTURE ({@code extended}) or BODY. */
    public static void bodyStructure(StringBuilder out, BodyPart p, boolean extended) {
        out.append('(');
        if (p.isMultipart()) {
            if (p.parts().isEmpty()) {
                // a multipart without parts: one empty text part, as the grammar (body-type-mpart = 1*body SP
                // media-subtype, RFC 3501 section 9) and clients need one
                out.append(EMPTY_TEXT);
            }
            for (BodyPart child : p.parts()) {
                bodyStructure(out, child, extended);
            }
            out.append(' ');
            ImapStrings.string(out, p.subtype().toUpperCase(Locale.ROOT));
            if (extended) {
                out.append(' ');
                parameters(out, p.parameters());
                out.append(' ');
                disposition(out, p);
                out.append(' ');
                language(out, p.language());
                out.append(' ');
                ImapStrings.nstring(out, p.location());
            }
            out.append(')');
            return;
        }
        ImapStrings.string(out, p.type().toUpperCase(Locale.ROOT));
        out.append(' ');
        ImapStrings.string(out, p.subtype().toUpperCase(Locale.ROOT));
        out.append(' ');
        boolean text = "text".equals(p.type());
        parameters(out, p.parameters(), text);
        out.append(' ');
        ImapStrings.nstring(out, p.id());
        out.append(' ');
        ImapStrings.nstring(out, p.description());
        out.append(' ');
        ImapStrings.string(out, (p.encoding() == null ? "7bit" : p.encoding()).toUpperCase(Locale.ROOT));
        out.append(' ').append(p.size());
        boolean rfc822 = "message".equals(p.type()) && "rfc822".equals(p.subtype()) && p.message() != null;
        if (rfc822) {
            out.append(' ');
            envelope(out, p.envelope());
            out.append(' ');
            bodyStructure(out, p.message(), extended);
            out.append(' ').append(p.lines() == null ? 0 : p.lines());
        } else if (text) {
            out.append(' ').append(p.lines() == null ? 0 : p.lines());
        }
        if (extended) {
            out.append(' ');
            ImapStrings.nstring(out, p.md5());
            out.append(' ');
            disposition(out, p);
            out.append(' ');
            language(out, p.language());
            out.append(' ');
            ImapStrings.nstring(out, p.location());
        }
        out.append(')');
    }

    private static void parameters(StringBuilder out, Map<String, String> parameters) {
        parameters(out, parameters, false);
    }

    /**
     * A parameter list; {@code text}: a text part, which says its charset even when its header does not (the default
     * of RFC 2046 section 4.1.2, appended as Dovecot does).
     */
    private static void parameters(StringBuilder out, Map<String, String> parameters, boolean text) {
        boolean none = parameters == null || parameters.isEmpty();
        if (none && !text) {
            out.append("NIL");
            return;
        }
        out.append('(');
        boolean first = true;
        for (Map.Entry<String, String> e : none ? Map.<String, String>of().entrySet() : parameters.entrySet()) {
            out.append(first ? "" : " ");
            ImapStrings.string(out, e.getKey().toUpperCase(Locale.ROOT));
            out.append(' ');
            ImapStrings.string(out, e.getValue());
            first = false;
        }
        if (text && (none || !parameters.containsKey("charset"))) {
            out.append(first ? "" : " ").append(DEFAULT_CHARSET);
        }
        out.append(')');
    }

    private static void disposition(StringBuilder out, BodyPart p) {
        if (p.disposition() == null) {
            out.append("NIL");
            return;
        }
        out.append('(');
        ImapStrings.string(out, p.disposition().toUpperCase(Locale.ROOT));
        out.append(' ');
        parameters(out, p.dispositionParams());
        out.append(')');
    }

    private static void language(StringBuilder out, List<String> language) {
        if (language == null || language.isEmpty()) {
            out.append("NIL");
        } else if (language.size() == 1) {
            ImapStrings.string(out, language.get(0));
        } else {
            out.append('(');
            for (int i = 0; i < language.size(); i++) {
                out.append(i == 0 ? "" : " ");
                ImapStrings.string(out, language.get(i));
            }
            out.append(')');
        }
    }
}
