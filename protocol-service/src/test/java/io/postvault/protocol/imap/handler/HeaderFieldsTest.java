package io.postvault.protocol.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.imap.command.FetchCommand.Section;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BODY[HEADER.FIELDS (...)] and BODY[HEADER.FIELDS.NOT (...)] (RFC 3501 section 6.4.5): exact bytes of the lines kept,
 * with their continuations, up to the blank line, then the blank line.
 */
class HeaderFieldsTest {

    private static final String HEADER = "From: a@example.com\r\n"
            + "subject: folded\r\n"
            + "\tsecond line\r\n"
            + "To: b@example.com\r\n"
            + "X-Odd :spaced name\r\n"
            + "no colon here\r\n"
            + "\r\n"
            + "Subject: in the body, not the header\r\n";

    private static String fields(String header, boolean include, String... names) {
        Section section = new Section(true, new int[0], include ? "HEADER.FIELDS" : "HEADER.FIELDS.NOT",
                List.of(names), -1, 0, "");
        return new String(MessageSections.fields(header.getBytes(StandardCharsets.ISO_8859_1), section, include),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void keepsTheListedFieldsWithTheirContinuationsInAnyCase() {
        assertThat(fields(HEADER, true, "SUBJECT", "TO"))
                .isEqualTo("subject: folded\r\n\tsecond line\r\nTo: b@example.com\r\n\r\n");
    }

    @Test
    void notKeepsTheOthersUpToTheBlankLine() {
        assertThat(fields(HEADER, false, "SUBJECT", "FROM"))
                .isEqualTo("To: b@example.com\r\nX-Odd :spaced name\r\nno colon here\r\n\r\n");
    }

    @Test
    void aNameIsTrimmedBeforeTheColon() {
        assertThat(fields(HEADER, true, "X-ODD")).isEqualTo("X-Odd :spaced name\r\n\r\n");
    }

    @Test
    void bareLineFeedsAndAHeaderWithoutBlankLineOrFinalLineBreak() {
        assertThat(fields("From: a\nSubject: s\n\nbody\n", true, "SUBJECT")).isEqualTo("Subject: s\n\r\n");
        assertThat(fields("From: a\r\nSubject: s", true, "SUBJECT")).isEqualTo("Subject: s\r\n");
        assertThat(fields("", false, "SUBJECT")).isEqualTo("\r\n");
        assertThat(fields("\r\nSubject: s\r\n", false)).isEqualTo("\r\n");
    }
}
