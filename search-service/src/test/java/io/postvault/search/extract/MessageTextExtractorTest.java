package io.postvault.search.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MessageTextExtractorTest {

    private final MessageTextExtractor extractor = new MessageTextExtractor(1_000_000);

    private ExtractedMessage extract(String message) {
        return extractor.extract(message.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void quotedPrintableLatin1BodyAndEncodedHeadersAreDecoded() {
        ExtractedMessage m = extract("""
                From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.fr>
                To: alice@example.com, Bob <bob@example.net>
                Cc: carol@example.org
                Subject: =?ISO-8859-1?Q?R=E9sultats_de_l'=E9l=E8ve?=
                Message-ID: <m1@example.fr>
                Date: Sun, 1 Mar 2026 10:00:00 +0100
                MIME-Version: 1.0
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                L'=E9l=E8ve a r=E9ussi son examen =
                avec mention.
                """);
        assertThat(m.from()).isEqualTo("Renée <renee@example.fr>");
        assertThat(m.to()).isEqualTo("alice@example.com, Bob <bob@example.net>");
        assertThat(m.cc()).isEqualTo("carol@example.org");
        assertThat(m.subject()).isEqualTo("Résultats de l'élève");
        assertThat(m.messageId()).isEqualTo("<m1@example.fr>");
        assertThat(m.date()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(m.body()).isEqualTo("L'élève a réussi son examen avec mention.");
        assertThat(m.attachments()).isEmpty();
    }

    @Test
    void base64HtmlOnlyMessageIsStrippedOfTagsEntitiesAndScripts() {
        String html = "<html><head><style>p { color: red }</style></head><body><p>Bonjour &amp; <b>caf&eacute;</b>"
                + "</p><script>var hidden = 'secret';</script><div>fin</div></body></html>";
        ExtractedMessage m = extract("From: a@example.com\nSubject: html\nMIME-Version: 1.0\n"
                + "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)) + "\n");
        assertThat(m.body()).contains("Bonjour & café").contains("fin")
                .doesNotContain("<b>").doesNotContain("secret").doesNotContain("color");
    }

    @Test
    void multipartGivesTextOfEveryTextPartAndAttachmentNames() {
        ExtractedMessage m = extract("""
                From: a@example.com
                Subject: report
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="XX"

                --XX
                Content-Type: multipart/alternative; boundary="YY"

                --YY
                Content-Type: text/plain; charset=utf-8

                plain words
                --YY
                Content-Type: text/html; charset=utf-8

                <p>html words</p>
                --YY--
                --XX
                Content-Type: application/pdf
                Content-Disposition: attachment; filename="=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?="
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --XX
                Content-Type: text/plain; name="notes.txt"
                Content-Disposition: attachment; filename="notes.txt"

                attached text is not body text
                --XX--
                """);
        assertThat(m.body()).contains("plain words").contains("html words")
                .doesNotContain("attached text").doesNotContain("JVBER");
        assertThat(m.attachments()).containsExactly("résumé.pdf", "notes.txt");
    }

    @Test
    void brokenMimeStillGivesHeadersAndWords() {
        ExtractedMessage m = extract("""
                From: broken@example.com
                To: alice@example.com
                Subject: broken structure
                Content-Type: multipart/mixed
                Content-Transfer-Encoding: base64

                this is not base64 at all !!! zebra
                --nothing
                """);
        assertThat(m.from()).isEqualTo("broken@example.com");
        assertThat(m.subject()).isEqualTo("broken structure");
    }

    @Test
    void theHeaderScanFallbackReadsFoldedHeadersAndTheRest() {
        ExtractedMessage m = MessageTextExtractor.headersOnly(("From: x@example.com\r\nSubject: folded\r\n  line"
                + "\r\nTo: y@example.com\r\n\r\nkangaroo words\r\n").getBytes(StandardCharsets.UTF_8), 1000);
        assertThat(m.subject()).isEqualTo("folded line");
        assertThat(m.to()).isEqualTo("y@example.com");
        assertThat(m.body()).isEqualTo("kangaroo words");
    }

    @Test
    void noHeaderBlockAtAllIsNoCrash() {
        ExtractedMessage m = extractor.extract(new byte[] {0, 1, 2, (byte) 0xff, '\n', '\n', 'x'});
        assertThat(m).isNotNull();
    }
}
