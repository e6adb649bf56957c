package io.postvault.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.events.data.MessageSummary;
import io.postvault.protocol.mime.Envelope.EnvelopeAddress;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MimeParserTest {

    private static ParsedMessage parse(String message) {
        return MimeParser.parse(new ByteArrayInputStream(message.replace("\n", "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void decodesEncodedWordsInTheSummaryAndKeepsThemRawInTheEnvelope() {
        ParsedMessage parsed = parse("""
                From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.com>
                To: "Bob" <bob@example.org>, carol@example.net
                Cc: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>
                Subject: =?UTF-8?Q?Caf=C3=A9_au_lait?= and
                 =?UTF-8?B?8J+Ygg==?=
                Message-ID: <1234@example.com>
                Date: Tue, 3 Mar 2026 10:15:00 +0100

                Hello
                """);
        MessageSummary summary = parsed.summary();
        assertThat(summary.from()).isEqualTo("Jürgen Müller <juergen@example.com>");
        assertThat(summary.to()).isEqualTo("\"Bob\" <bob@example.org>, carol@example.net");
        assertThat(summary.cc()).isEqualTo("André <andre@example.fr>");
        assertThat(summary.subject()).isEqualTo("Café au lait and 😂");
        assertThat(summary.messageId()).isEqualTo("<1234@example.com>");
        assertThat(summary.date()).isEqualTo(Instant.parse("2026-03-03T09:15:00Z"));
        assertThat(summary.hasAttachments()).isFalse();

        Envelope envelope = parsed.envelope();
        assertThat(envelope.subject()).isEqualTo("=?UTF-8?Q?Caf=C3=A9_au_lait?= and =?UTF-8?B?8J+Ygg==?=");
        assertThat(envelope.from()).containsExactly(
                new EnvelopeAddress("Jürgen Müller", null, "juergen", "example.com"));
        assertThat(envelope.to()).containsExactly(new EnvelopeAddress("Bob", null, "bob", "example.org"),
                new EnvelopeAddress(null, null, "carol", "example.net"));
        assertThat(envelope.sender()).isEmpty();
        assertThat(envelope.messageId()).isEqualTo("<1234@example.com>");
        assertThat(parsed.complete()).isTrue();
    }

    @Test
    void messageWithoutAnyHeaderIsPlainText() {
        ParsedMessage parsed = parse("\nJust a body\nof two lines\n");
        assertThat(parsed.summary()).isEqualTo(new MessageSummary(null, null, null, null, null, null, false));
        BodyPart body = parsed.body();
        assertThat(body.type()).isEqualTo("text");
        assertThat(body.subtype()).isEqualTo("plain");
        assertThat(body.encoding()).isEqualTo("7bit");
        assertThat(body.size()).isEqualTo("Just a body\r\nof two lines\r\n".length());
        assertThat(body.lines()).isEqualTo(2);
        assertThat(parsed.envelope().from()).isEmpty();
    }

    @Test
    void unparseableDateAndAddressesDoNotFail() {
        ParsedMessage parsed = parse("""
                From: not an address at all <<<
                Date: the day after tomorrow
                Subject: =?UTF-8?B?broken base64!?=

                x
                """);
        assertThat(parsed.summary().date()).isNull();
        assertThat(parsed.summary().from()).isEqualTo("not an address at all <<<");
        assertThat(parsed.summary().subject()).isNotNull();
    }

    @Test
    void nestedMultipartsWithAttachmentAndEncapsulatedMessage() {
        ParsedMessage parsed = parse("""
                From: a@example.com
                Subject: nested
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                preamble
                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Caf=C3=A9
                two
                --inner
                Content-Type: text/html; charset=utf-8

                <p>Café</p>
                --inner--
                --outer
                Content-Type: application/pdf; name="report.pdf"
                Content-Disposition: attachment; filename="report.pdf"
                Content-Transfer-Encoding: base64
                Content-ID: <pdf1@example.com>

                JVBERi0xLjQK
                --outer
                Content-Type: message/rfc822

                From: inner@example.org
                Subject: =?UTF-8?Q?forwarded_=E2=9C=93?=
                Content-Type: multipart/mixed; boundary=deep

                --deep
                Content-Type: text/plain

                deep text
                --deep--
                --outer--
                epilogue
                """);
        BodyPart root = parsed.body();
        assertThat(root.type()).isEqualTo("multipart");
        assertThat(root.subtype()).isEqualTo("mixed");
        assertThat(root.parameters()).containsEntry("boundary", "outer");
        assertThat(root.parts()).hasSize(3);

        BodyPart alternative = root.parts().get(0);
        assertThat(alternative.subtype()).isEqualTo("alternative");
        assertThat(alternative.parts()).extracting(BodyPart::subtype).containsExactly("plain", "html");
        BodyPart plain = alternative.parts().get(0);
        assertThat(plain.encoding()).isEqualTo("quoted-printable");
        assertThat(plain.parameters()).containsEntry("charset", "utf-8");
        assertThat(plain.size()).isEqualTo("Caf=C3=A9\r\ntwo".length());
        assertThat(plain.lines()).isEqualTo(2);

        BodyPart pdf = root.parts().get(1);
        assertThat(pdf.type()).isEqualTo("application");
        assertThat(pdf.disposition()).isEqualTo("attachment");
        assertThat(pdf.dispositionParams()).containsEntry("filename", "report.pdf");
        assertThat(pdf.id()).isEqualTo("<pdf1@example.com>");
        assertThat(pdf.size()).isEqualTo(12);
        assertThat(pdf.lines()).isNull();

        BodyPart forwarded = root.parts().get(2);
        assertThat(forwarded.type()).isEqualTo("message");
        assertThat(forwarded.envelope().subject()).isEqualTo("=?UTF-8?Q?forwarded_=E2=9C=93?=");
        assertThat(forwarded.envelope().from()).containsExactly(
                new EnvelopeAddress(null, null, "inner", "example.org"));
        assertThat(forwarded.message().subtype()).isEqualTo("mixed");
        assertThat(forwarded.message().parts()).hasSize(1);
        assertThat(forwarded.lines()).isEqualTo(9); // the last line, "--deep--", ends at the outer boundary

        assertThat(parsed.summary().hasAttachments()).isTrue();
        assertThat(parsed.summary().subject()).isEqualTo("nested");
        assertThat(parsed.complete()).isTrue();
    }

    @Test
    void boundaryThatNeverOccursGivesAMultipartWithoutLosingTheHeaders() {
        ParsedMessage parsed = parse("""
                Subject: bad boundary
                Content-Type: multipart/mixed; boundary="declared"

                --actual
                Content-Type: text/plain

                text
                --actual--
                """);
        assertThat(parsed.summary().subject()).isEqualTo("bad boundary");
        assertThat(parsed.body().type()).isEqualTo("multipart");
    }

    @Test
    void multipartWithoutBoundaryParameterIsReadAsText() {
        ParsedMessage parsed = parse("""
                Subject: no boundary
                Content-Type: multipart/mixed

                --x
                text
                """);
        assertThat(parsed.summary().subject()).isEqualTo("no boundary");
        assertThat(parsed.body().isMultipart()).isFalse();
    }

    @Test
    void truncatedMultipartKeepsThePartsRead() {
        ParsedMessage parsed = parse("""
                Subject: cut
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                first
                --b
                Content-Type: text/plain

                second, and the message ends here""");
        assertThat(parsed.body().parts()).hasSizeGreaterThanOrEqualTo(1);
        assertThat(parsed.body().parts().get(0).subtype()).isEqualTo("plain");
    }

    @Test
    void groupsBecomeImapGroupMarkers() {
        ParsedMessage parsed = parse("""
                To: undisclosed-recipients:;, Team: a@example.com, b@example.com;

                x
                """);
        assertThat(parsed.envelope().to()).containsExactly(
                new EnvelopeAddress(null, null, "undisclosed-recipients", null),
                new EnvelopeAddress(null, null, null, null),
                new EnvelopeAddress(null, null, "Team", null),
                new EnvelopeAddress(null, null, "a", "example.com"),
                new EnvelopeAddress(null, null, "b", "example.com"),
                new EnvelopeAddress(null, null, null, null));
    }

    @Test
    void commentAfterABareAddressIsTheDisplayNameAndAMissingDomainIsNotNil() {
        ParsedMessage parsed = parse("""
                From: kim@example.com (Kim (the) Comment)
                To: "Named" <n@example.com> (not a name), team: (lead) one@g.example (One \\) Two), two@g.example;,
                 localonly
                Cc: =?ISO-8859-1?Q?J=FCrgen?= <j@example.com>, b@example.com (=?UTF-8?Q?B=C3=A9a?=)

                x
                """);
        assertThat(parsed.envelope().from()).containsExactly(
                new EnvelopeAddress("Kim (the) Comment", null, "kim", "example.com"));
        assertThat(parsed.envelope().to()).containsExactly(
                new EnvelopeAddress("Named", null, "n", "example.com"),
                new EnvelopeAddress(null, null, "team", null),
                new EnvelopeAddress("One ) Two", null, "one", "g.example"),
                new EnvelopeAddress(null, null, "two", "g.example"),
                new EnvelopeAddress(null, null, null, null),
                new EnvelopeAddress(null, null, "localonly", "MISSING_DOMAIN"));
        assertThat(parsed.envelope().cc()).containsExactly(
                new EnvelopeAddress("Jürgen", null, "j", "example.com"),
                new EnvelopeAddress("Béa", null, "b", "example.com"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 42, 1000})
    void randomBytesNeverThrow(int seed) {
        byte[] bytes = new byte[4096];
        new Random(seed).nextBytes(bytes);
        ParsedMessage parsed = MimeParser.parse(new ByteArrayInputStream(bytes));
        assertThat(parsed.body()).isNotNull();
        assertThat(parsed.summary()).isNotNull();
    }

    @Test
    void deeplyNestedMessagesStopAtTheDepthLimit() {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < MimeParser.MAX_DEPTH + 5; i++) {
            message.append("Subject: level ").append(i).append("\nContent-Type: message/rfc822\n\n");
        }
        message.append("Subject: bottom\n\nbody\n");
        ParsedMessage parsed = parse(message.toString());
        assertThat(parsed.summary().subject()).isEqualTo("level 0");
        int depth = 0;
        for (BodyPart part = parsed.body(); part.message() != null; part = part.message()) {
            depth++;
        }
        assertThat(depth).isEqualTo(MimeParser.MAX_DEPTH - 1);
    }
}
