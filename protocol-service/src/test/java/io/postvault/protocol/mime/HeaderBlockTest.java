package io.postvault.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The header block kept with each message at delivery: exactly the bytes of BODY[HEADER], or nothing when too long. */
class HeaderBlockTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] block(byte[] message) {
        return MimeParser.parse(new ByteArrayInputStream(message)).header();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Subject: a\\r\\nX-Folded: b\\r\\n c\\r\\n\\r\\nbody\\r\\n\\r\\nmore\\r\\n | Subject: a\\r\\nX-Folded: b\\r\\n c\\r\\n\\r\\n",
        "Subject: lf\\n\\nbody\\n | Subject: lf\\n\\n",
        "Subject: mixed\\n\\r\\nbody | Subject: mixed\\n\\r\\n",
        "\\r\\nbody without header | \\r\\n",
        "Subject: no body\\r\\n | Subject: no body\\r\\n",
        "Subject: no line end | Subject: no line end"})
    void theBlockEndsAfterTheFirstBlankLine(String message, String header) {
        assertThat(block(bytes(unescape(message.strip())))).isEqualTo(bytes(unescape(header.strip())));
    }

    @Test
    void aLongBodyDoesNotMatterAndTheFileParseKeepsTheSameBlock(@TempDir Path dir) throws Exception {
        String header = "From: a@example.com\r\nSubject: big\r\n\r\n";
        byte[] message = bytes(header + "x".repeat(3 * HeaderBlock.MAX_BYTES) + "\r\n");
        assertThat(block(message)).isEqualTo(bytes(header));
        Path file = Files.write(dir.resolve("m.eml"), message);
        assertThat(MimeParser.parse(() -> Files.newInputStream(file)).header()).isEqualTo(bytes(header));
    }

    @Test
    void aHeaderLongerThanTheBoundIsNotKept() {
        String longField = "X-Long: " + "y".repeat(HeaderBlock.MAX_BYTES) + "\r\n";
        assertThat(block(bytes("Subject: a\r\n" + longField + "\r\nbody\r\n"))).isNull();
        // a header-only message below the bound is kept whole; one of exactly the bound is not (it may go on)
        String fits = "X: " + "z".repeat(HeaderBlock.MAX_BYTES - 5) + "\r\n";
        assertThat(fits).hasSize(HeaderBlock.MAX_BYTES);
        assertThat(block(bytes(fits.substring(1)))).isEqualTo(bytes(fits.substring(1)));
        assertThat(block(bytes(fits))).isNull();
    }

    @Test
    void lengthIsTheHeaderWithItsBlankLineOrTheWholeEntity() {
        assertThat(HeaderBlock.length(bytes("A: 1\r\n\r\nB"), 9)).isEqualTo(8);
        assertThat(HeaderBlock.length(bytes("A: 1\r\n\r\nB"), 7)).isEqualTo(7); // the blank line is not all there yet
        assertThat(HeaderBlock.length(bytes("A: 1\n\nB"), 7)).isEqualTo(6);
        assertThat(HeaderBlock.length(bytes(""), 0)).isZero();
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
