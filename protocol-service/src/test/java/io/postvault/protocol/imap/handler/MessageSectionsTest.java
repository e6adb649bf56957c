package io.postvault.protocol.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.imap.command.FetchCommand.Section;
import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.MimeParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BODY[section] (RFC 3501 section 6.4.5): which octets each part number and section text cut, exactly. */
class MessageSectionsTest {

    /** A message/rfc822 at the top, holding another, holding a text: parts 1, 1.1 and 1.1.1. */
    private static final String NESTED = """
            Subject: outer
            Content-Type: message/rfc822

            Subject: middle
            Content-Type: message/rfc822

            Subject: inner

            deep
            """;
    /** A multipart/digest in a message/rfc822 part: its parts are messages, the first without a MIME header. */
    private static final String DIGEST = """
            Subject: digest
            Content-Type: multipart/mixed; boundary=o

            --o
            Content-Type: text/plain

            leaf
            --o
            Content-Type: message/rfc822

            Subject: list
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: one

            first
            --d
            X-Part: 2

            Subject: two

            second
            --d--
            --o--
            """;

    private static String cut(String message, String text, int... path) {
        byte[] bytes = message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        BodyPart structure = MimeParser.parse(new ByteArrayInputStream(bytes)).body();
        List<String> fields = text.startsWith("HEADER.FIELDS") ? List.of("SUBJECT") : List.of();
        byte[] out = MessageSections.extract(bytes, structure, new Section(true, path, text, fields, -1, 0, ""));
        return new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    @Test
    void aMessageAtTheTopIsPartOneAndItsPartsAreOneDotN() {
        String middle = NESTED.substring(NESTED.indexOf("Subject: middle"));
        String inner = NESTED.substring(NESTED.indexOf("Subject: inner"));
        assertThat(cut(NESTED, "TEXT")).isEqualTo(middle);
        assertThat(cut(NESTED, "", 1)).isEqualTo(middle);
        assertThat(cut(NESTED, "HEADER", 1)).isEqualTo("Subject: middle\nContent-Type: message/rfc822\n\n");
        assertThat(cut(NESTED, "TEXT", 1)).isEqualTo(inner);
        assertThat(cut(NESTED, "", 1, 1)).isEqualTo(inner);
        assertThat(cut(NESTED, "HEADER.FIELDS", 1, 1)).isEqualTo("Subject: inner\n\n");
        assertThat(cut(NESTED, "", 1, 1, 1)).isEqualTo("deep\n");
        assertThat(cut(NESTED, "", 2)).isEmpty();
        assertThat(cut(NESTED, "", 1, 1, 1, 1)).isEmpty();
    }

    @Test
    void digestPartsAreMessagesWithTheirOwnMimeHeader() {
        assertThat(cut(DIGEST, "", 1)).isEqualTo("leaf");
        assertThat(cut(DIGEST, "", 1, 1)).isEqualTo("leaf"); // part 1 of a leaf is the leaf itself, as Dovecot
        assertThat(cut(DIGEST, "", 1, 2)).isEmpty();
        assertThat(cut(DIGEST, "HEADER", 2)).isEqualTo("Subject: list\nContent-Type: multipart/digest; boundary=d\n\n");
        assertThat(cut(DIGEST, "MIME", 2)).isEqualTo("Content-Type: message/rfc822\n\n");
        assertThat(cut(DIGEST, "", 2, 1)).isEqualTo("Subject: one\n\nfirst");
        assertThat(cut(DIGEST, "MIME", 2, 1)).isEqualTo("\n");
        assertThat(cut(DIGEST, "TEXT", 2, 1)).isEqualTo("first");
        assertThat(cut(DIGEST, "MIME", 2, 2)).isEqualTo("X-Part: 2\n\n");
        assertThat(cut(DIGEST, "HEADER", 2, 2)).isEqualTo("Subject: two\n\n");
        assertThat(cut(DIGEST, "", 2, 2, 1)).isEqualTo("second");
        assertThat(cut(DIGEST, "", 2, 3)).isEmpty();
    }

    @Test
    void partialsPastTheEndAreShorterOrEmpty() {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(MessageSections.partial(bytes, 8, 5)).containsExactly('8', '9');
        assertThat(MessageSections.partial(bytes, 10, 1)).isEmpty();
        assertThat(MessageSections.partial(bytes, 4_000_000_000L, 1)).isEmpty();
        assertThat(MessageSections.partial(bytes, 0, 4_000_000_000L)).isEqualTo(Arrays.copyOf(bytes, 10));
        assertThat(MessageSections.partial(bytes, -1, 0)).isSameAs(bytes);
    }
}
