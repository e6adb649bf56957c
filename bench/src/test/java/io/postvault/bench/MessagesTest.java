package io.postvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private final Messages messages = new Messages(10240, "sender@bench.invalid");

    @Test
    void aMessageHasTheRequestedSizeWithCrlfLineEnds() {
        byte[] message = messages.message("run", 2, 17, "bench1@bench.test");
        String text = new String(message, StandardCharsets.US_ASCII);

        assertThat(message).hasSize(10240);
        assertThat(text).endsWith("\r\n").doesNotContain("\r\n.\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(text).contains("To: <bench1@bench.test>\r\n", "Message-ID: <run.2.17@bench.invalid>\r\n", "\r\n\r\n");
        assertThat(text.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @Test
    void everyMessageIsDifferent() {
        assertThat(messages.message("run", 0, 1, "a@b")).isNotEqualTo(messages.message("run", 0, 2, "a@b"));
        assertThat(messages.message("run", 0, 1, "a@b")).isNotEqualTo(messages.message("run", 1, 1, "a@b"));
    }

    @Test
    void leadingDotsAreDoubled() {
        assertThat(Messages.dotStuff(".a\r\nb.c\r\n..\r\n")).isEqualTo("..a\r\nb.c\r\n...\r\n");
        assertThat(Messages.dotStuff("plain\r\n")).isEqualTo("plain\r\n");
    }

    @Test
    void tooSmallASizeIsRefused() {
        assertThatThrownBy(() -> new Messages(100, "a@b")).isInstanceOf(IllegalArgumentException.class);
    }
}
