package io.postvault.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 1939 section 3 byte-stuffing, every case also split at every offset. */
class DotStufferTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a\r\nb\r\n", -1, "a\r\nb\r\n.\r\n"),
                Arguments.of(".a\r\n..\r\n.\r\n", -1, "..a\r\n...\r\n..\r\n.\r\n"),
                Arguments.of("no newline", -1, "no newline\r\n.\r\n"),
                Arguments.of("bare\nlf\n", -1, "bare\r\nlf\r\n.\r\n"),
                Arguments.of("", -1, ".\r\n"),
                Arguments.of("x.\r\n", -1, "x.\r\n.\r\n"),
                Arguments.of("H: 1\r\n\r\nl1\r\n.l2\r\nl3\r\n", 2, "H: 1\r\n\r\nl1\r\n..l2\r\n.\r\n"),
                Arguments.of("H: 1\r\n\r\nl1\r\nl2\r\n", 0, "H: 1\r\n\r\n.\r\n"),
                Arguments.of("H: 1\r\nH: 2\r\n\r\nbody\r\n", 5, "H: 1\r\nH: 2\r\n\r\nbody\r\n.\r\n"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void stuffsSplitAtEveryOffset(String input, long topLines, String expected) {
        byte[] all = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i <= all.length; i++) {
            DotStuffer stuffer = new DotStuffer(topLines);
            Buffer out = Buffer.buffer();
            out.appendBuffer(stuffer.stuff(Buffer.buffer(all).slice(0, i).copy()));
            out.appendBuffer(stuffer.stuff(Buffer.buffer(all).slice(i, all.length).copy()));
            out.appendBuffer(stuffer.finish());
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).as("split at %d", i).isEqualTo(expected);
        }
    }
}
