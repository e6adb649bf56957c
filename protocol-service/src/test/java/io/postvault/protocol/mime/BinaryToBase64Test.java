package io.postvault.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A literal8 APPEND's binary parts stored in base64 (as Dovecot does, RFC 3516 section 4.4): exact bytes. */
class BinaryToBase64Test {

    private static String convert(String message) {
        byte[] bytes = message.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new String(BinaryToBase64.convert(bytes), StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    }

    @Test
    void binaryPartsBecomeBase64AndEverythingElseStaysAsItIs() {
        String message = """
                Subject: parts
                Content-Type: multipart/mixed; boundary="b"

                preamble
                --b
                Content-Type: text/plain

                seven bit
                --b
                Content-Type: application/octet-stream
                Content-Transfer-Encoding:
                 BINARY
                X-After: kept

                \0ab
                --b
                Content-Type: message/rfc822

                Subject: inner
                Content-Transfer-Encoding: binary

                \0c
                --b--
                epilogue
                """;
        assertThat(convert(message)).isEqualTo("""
                Subject: parts
                Content-Type: multipart/mixed; boundary="b"

                preamble
                --b
                Content-Type: text/plain

                seven bit
                --b
                Content-Type: application/octet-stream
                X-After: kept
                Content-Transfer-Encoding: base64

                AGFi
                --b
                Content-Type: message/rfc822

                Subject: inner
                Content-Transfer-Encoding: base64

                AGM=
                --b--
                epilogue
                """);
    }

    @Test
    void aMessageWithoutBinaryPartsIsTheSameArray() {
        byte[] bytes = "Subject: x\r\nContent-Transfer-Encoding: 8bit\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(BinaryToBase64.convert(bytes)).isSameAs(bytes);
        byte[] digest = "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: m\r\n\r\nx\r\n--d--\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(BinaryToBase64.convert(digest)).isSameAs(digest);
    }

    @Test
    void aBinaryMessageAtTheTopAndPartsOfADigest() {
        assertThat(convert("Content-Transfer-Encoding: binary\n\n\0\n")).isEqualTo("Content-Transfer-Encoding: base64\n\nAA0K\n");
        assertThat(convert("""
                Content-Type: multipart/digest; boundary=d

                --d

                Content-Transfer-Encoding: binary

                \0
                --d--
                """)).isEqualTo("""
                Content-Type: multipart/digest; boundary=d

                --d

                Content-Transfer-Encoding: base64

                AA==
                --d--
                """);
    }

    @Test
    void partsRunToTheEndOfATruncatedMultipart() {
        byte[] body = "pre\r\n--b\r\n\r\none\r\n--b \r\nX: y\r\n\r\ntwo".getBytes(StandardCharsets.US_ASCII);
        assertThat(Boundaries.parts(body, 0, body.length, "b")).containsExactly(10, 15, 23, body.length);
        assertThat(Boundaries.parts(body, 0, body.length, null)).isEmpty();
    }
}
