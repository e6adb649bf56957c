package io.postvault.protocol.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postvault.protocol.imap.command.FetchCommand.Binary;
import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.MimeParser;
import io.postvault.protocol.store.MailboxException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** BINARY[part] (RFC 3516): which part, which encoding, the decoded bytes, and the literal or literal8 they go in. */
class BinaryPartsTest {

    private static final byte[] MESSAGE = """
            Subject: parts
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=BC=C3=9Fe=
             soft break
            --b
            Content-Type: message/rfc822

            Subject: inner
            Content-Transfer-Encoding: base64

            AGFi
            --b
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: x-uuencode

            begin 644 x
            --b--
            """.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    private static final BodyPart STRUCTURE = MimeParser.parse(new ByteArrayInputStream(MESSAGE)).body();

    private static byte[] decoded(int... path) {
        return BinaryParts.decoded(MESSAGE, STRUCTURE, new Binary(false, path, false, -1, 0, ""));
    }

    @Test
    void undoesQuotedPrintableAndBase64IncludingInsideAnEncapsulatedMessage() {
        assertThat(new String(decoded(1), StandardCharsets.UTF_8)).isEqualTo("Gr\u00fc\u00dfe soft break");
        assertThat(decoded(2, 1)).containsExactly(0, 'a', 'b');
        assertThat(BinaryParts.encoding(STRUCTURE, new int[] {2})).isEqualTo("7bit");
        assertThat(BinaryParts.encoding(STRUCTURE, new int[] {2, 1})).isEqualTo("base64");
    }

    @Test
    void theWholeMessageAndAMissingPartAsTheyAre() {
        assertThat(decoded()).isEqualTo(MESSAGE);
        assertThat(decoded(9)).isEmpty();
    }

    @Test
    void anEncodingItCannotUndoIsUnknownCte() {
        assertThatThrownBy(() -> decoded(3)).isInstanceOf(MailboxException.class)
                .hasMessage("Cannot decode Content-Transfer-Encoding x-uuencode")
                .extracting(e -> ((MailboxException) e).code()).isEqualTo(MailboxException.Code.UNKNOWN_CTE);
    }

    @Test
    void literal8OnlyForContentWithANul() {
        assertThat(BinaryParts.literalPrefix(new byte[] {'a', 0, 'b'})).isEqualTo("~{3}\r\n");
        assertThat(BinaryParts.literalPrefix("Gr\u00fc\u00dfe".getBytes(StandardCharsets.UTF_8))).isEqualTo("{7}\r\n");
        assertThat(BinaryParts.literalPrefix(new byte[0])).isEqualTo("{0}\r\n");
    }
}
