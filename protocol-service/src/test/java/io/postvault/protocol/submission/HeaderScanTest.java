package io.postvault.protocol.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which of Message-ID and Date a header has, with every message also fed split at every byte offset. */
class HeaderScanTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("Subject: x\r\n\r\nbody\r\n", false, false),
                Arguments.of("Message-ID: <a@b>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n", true, true),
                Arguments.of("message-id:<a@b>\r\nSubject: x\r\n\r\n", true, false),
                Arguments.of("DATE : Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\n", false, true),
                // a folded line is not a field; fields in the body do not count
                Arguments.of("Subject: a\r\n Message-ID: folded\r\n\r\nDate: in the body\r\n", false, false),
                Arguments.of("X-Message-ID: <a@b>\r\nX-Date: no\r\n\r\n", false, false),
                // bare LF line ends (BDAT passes bytes unchanged)
                Arguments.of("Subject: x\nDate: today\n\nMessage-ID: body\n", false, true),
                // header only, no empty line
                Arguments.of("Subject: x\r\nMessage-ID: <a@b>\r\n", true, false),
                Arguments.of("", false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void findsTheFieldsWhereverTheInputIsSplit(String message, boolean messageId, boolean date) {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= bytes.length; split++) {
            HeaderScan scan = new HeaderScan(1024);
            if (!scan.feed(Buffer.buffer().appendBytes(bytes, 0, split))) {
                scan.feed(Buffer.buffer().appendBytes(bytes, split, bytes.length - split));
            }
            scan.end();
            assertThat(scan.hasMessageId()).as("split at %d", split).isEqualTo(messageId);
            assertThat(scan.hasDate()).as("split at %d", split).isEqualTo(date);
        }
    }

    @ParameterizedTest(name = "limit {0}")
    @MethodSource("limits")
    void aHeaderOverTheLimitCountsAsHavingBoth(int limit) {
        HeaderScan scan = new HeaderScan(limit);
        assertThat(scan.feed(Buffer.buffer("X-Long: " + "y".repeat(100) + "\r\n\r\n"))).isTrue();
        assertThat(scan.hasMessageId()).isTrue();
        assertThat(scan.hasDate()).isTrue();
    }

    static Stream<Integer> limits() {
        return Stream.of(1, 50, 100);
    }
}
