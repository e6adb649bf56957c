package io.postvault.protocol.imap.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.imap.codec.ModifiedUtf7;
import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.Envelope;
import io.postvault.protocol.mime.Envelope.EnvelopeAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exact bytes of the response encoders. */
class FetchEncoderTest {

    private static String of(java.util.function.Consumer<StringBuilder> encoder) {
        StringBuilder out = new StringBuilder();
        encoder.accept(out);
        return out.toString();
    }

    @Test
    void strings() {
        assertThat(of(o -> ImapStrings.astring(o, "INBOX"))).isEqualTo("INBOX");
        assertThat(of(o -> ImapStrings.astring(o, "a b"))).isEqualTo("\"a b\"");
        assertThat(of(o -> ImapStrings.astring(o, "NIL"))).isEqualTo("\"NIL\"");
        assertThat(of(o -> ImapStrings.string(o, "say \"hi\" \\o/"))).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
        assertThat(of(o -> ImapStrings.string(o, "two\r\nlines"))).isEqualTo("{10}\r\ntwo\r\nlines");
        assertThat(of(o -> ImapStrings.string(o, "caf\u00e9"))).isEqualTo("{5}\r\ncaf\u00e9");
        assertThat(of(o -> ImapStrings.nstring(o, null))).isEqualTo("NIL");
    }

    @Test
    void flagsAndDates() {
        assertThat(of(o -> FetchEncoder.flags(o, List.of("\\Seen", "$Label")))).isEqualTo("(\\Seen $Label)");
        assertThat(of(o -> FetchEncoder.flags(o, List.of()))).isEqualTo("()");
        assertThat(of(o -> FetchEncoder.internalDate(o, Instant.parse("2024-03-05T09:08:07Z"))))
                .isEqualTo("\"05-Mar-2024 09:08:07 +0000\"");
    }

    @Test
    void envelopeSubstitutesFromForSenderAndReplyTo() {
        EnvelopeAddress bob = new EnvelopeAddress("Bob B\u00e9", null, "bob", "example.com");
        Envelope e = new Envelope("Tue, 5 Mar 2024 10:00:00 +0000", "Hi", List.of(bob), List.of(), null,
                List.of(new EnvelopeAddress(null, null, "alice", "example.com")), List.of(), List.of(), null, "<1@x>");
        assertThat(of(o -> FetchEncoder.envelope(o, e))).isEqualTo("(\"Tue, 5 Mar 2024 10:00:00 +0000\" \"Hi\""
                + " ((\"=?UTF-8?B?Qm9iIELDqQ==?=\" NIL \"bob\" \"example.com\"))"
                + " ((\"=?UTF-8?B?Qm9iIELDqQ==?=\" NIL \"bob\" \"example.com\"))"
                + " ((\"=?UTF-8?B?Qm9iIELDqQ==?=\" NIL \"bob\" \"example.com\"))"
                + " ((NIL NIL \"alice\" \"example.com\")) NIL NIL NIL \"<1@x>\")");
        assertThat(of(o -> FetchEncoder.envelope(o, null))).isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
    }

    @Test
    void bodyStructureOfAMultipart() {
        BodyPart text = new BodyPart("text", "plain", Map.of("charset", "utf-8"), null, null, "quoted-printable", 12,
                2L, null, null, Map.of(), List.of(), null, List.of(), null, null);
        BodyPart pdf = new BodyPart("application", "pdf", Map.of("name", "a.pdf"), "<id1>", null, "base64", 100, null,
                null, "attachment", Map.of("filename", "a.pdf"), List.of("en"), null, List.of(), null, null);
        BodyPart mixed = new BodyPart("multipart", "mixed", Map.of("boundary", "b1"), null, null, null, 0, null, null,
                null, Map.of(), List.of(), null, List.of(text, pdf), null, null);
        assertThat(of(o -> FetchEncoder.bodyStructure(o, mixed, false))).isEqualTo(
                "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 12 2)"
                        + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") \"<id1>\" NIL \"BASE64\" 100) \"MIXED\")");
        assertThat(of(o -> FetchEncoder.bodyStructure(o, mixed, true))).isEqualTo(
                "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 12 2 NIL NIL NIL NIL)"
                        + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") \"<id1>\" NIL \"BASE64\" 100 NIL"
                        + " (\"ATTACHMENT\" (\"FILENAME\" \"a.pdf\")) \"en\" NIL) \"MIXED\" (\"BOUNDARY\" \"b1\") NIL NIL NIL)");
    }

    @Test
    void textWithoutParametersHasTheDefaultCharsetAndAnEmptyMultipartAnEmptyTextPart() {
        BodyPart html = new BodyPart("text", "html", Map.of(), null, null, "7bit", 4, 1L, null, null, Map.of(),
                List.of(), null, List.of(), null, null);
        BodyPart flowed = new BodyPart("text", "plain", Map.of("format", "flowed"), null, null, "7bit", 4, 1L, null,
                null, Map.of(), List.of(), null, List.of(), null, null);
        assertThat(of(o -> FetchEncoder.bodyStructure(o, flowed, false))).isEqualTo(
                "(\"TEXT\" \"PLAIN\" (\"FORMAT\" \"flowed\" \"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 4 1)");
        BodyPart octets = new BodyPart("application", "octet-stream", Map.of(), null, null, "base64", 8, null, null,
                null, Map.of(), List.of(), null, List.of(), null, null);
        BodyPart empty = new BodyPart("multipart", "mixed", Map.of("boundary", "b"), null, null, null, 0, null, null,
                null, Map.of(), List.of(), null, List.of(), null, null);
        assertThat(of(o -> FetchEncoder.bodyStructure(o, html, false)))
                .isEqualTo("(\"TEXT\" \"HTML\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 4 1)");
        assertThat(of(o -> FetchEncoder.bodyStructure(o, octets, false)))
                .isEqualTo("(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"BASE64\" 8)");
        assertThat(of(o -> FetchEncoder.bodyStructure(o, empty, false)))
                .isEqualTo("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0) \"MIXED\")");
    }

    @Test
    void modifiedUtf7() {
        assertThat(ModifiedUtf7.encode("Caf\u00e9")).isEqualTo("Caf&AOk-");
        assertThat(ModifiedUtf7.encode("A&B")).isEqualTo("A&-B");
        assertThat(ModifiedUtf7.encode("\u65e5\u672c\u8a9e")).isEqualTo("&ZeVnLIqe-");
        assertThat(ModifiedUtf7.decode("&ZeVnLIqe-/Caf&AOk-&-")).isEqualTo("\u65e5\u672c\u8a9e/Caf\u00e9&");
    }
}
