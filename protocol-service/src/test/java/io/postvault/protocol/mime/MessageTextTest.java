package io.postvault.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEARCH BODY/TEXT matching (RFC 3501 section 6.4.4) over decoded text parts and, for TEXT, header fields. */
class MessageTextTest {

    private static boolean[] find(String message, MessageText.Needle... needles) throws Exception {
        return MessageText.find(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), List.of(needles));
    }

    @Test
    void bodyAndTextDifferOnHeaders() throws Exception {
        String message = "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nplain body\r\n";
        assertThat(find(message, new MessageText.Needle("grüße", true), new MessageText.Needle("grüße", false),
                new MessageText.Needle("PLAIN", false), new MessageText.Needle("missing", true)))
                .containsExactly(true, false, true, false);
    }

    @Test
    void transferEncodingsAndCharsetsAreUndoneAndBinaryPartsSkipped() throws Exception {
        String message = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=E9 au lait\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString("secret in a pdf".getBytes(StandardCharsets.US_ASCII))
                + "\r\n--b--\r\n";
        assertThat(find(message, new MessageText.Needle("CAFÉ AU", false), new MessageText.Needle("secret", true)))
                .containsExactly(true, false);
    }

    @Test
    void aTextAcrossTheReadWindowIsFound() throws Exception {
        String body = "x".repeat(8190) + "needle" + "y".repeat(20_000);
        assertThat(find("Subject: big\r\n\r\n" + body, new MessageText.Needle("needle", false),
                new MessageText.Needle("xneedley", false), new MessageText.Needle("", false)))
                .containsExactly(true, true, true);
    }

    @Test
    void headerNeedlesSearchOneFieldOfTheMessagesOwnHeader() throws Exception {
        String message = "X-Ticket: folded\r\n line value\r\nBcc: <dora (note)@ (note) mail.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\nX-Inner: part\r\n\r\nX-Ticket: in the body\r\n--b--\r\n";
        assertThat(find(message, MessageText.Needle.header("x-ticket", "FOLDED LINE"),
                MessageText.Needle.header("X-Ticket", ""), MessageText.Needle.header("X-Inner", ""),
                MessageText.Needle.header("X-Ticket", "in the body"), MessageText.Needle.header("bcc", "dora@mail.ex"),
                MessageText.Needle.header("X-Missing", ""), MessageText.Needle.header("subject", "value")))
                .containsExactly(true, true, false, false, true, false, false);
    }
}
