package io.postvault.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
                Arguments.of("a\rb\r\n\r.c\n.", -1, "a\rb\r\n\r.c\r\n..\r\n.\r\n"),
                Arguments.of("ends in CR\r", -1, "ends in CR\r\n.\r\n"),
                Arguments.of("\n\n.\n", -1, "\r\n\r\n..\r\n.\r\n"),
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
            stuffer.stuff(all, 0, i, out);
            stuffer.stuff(all, i, all.length, out);
            out.appendBuffer(stuffer.finish());
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).as("split at %d", i).isEqualTo(expected);
        }
    }

    /**
     * RETR's bulk path gives the same bytes as the octet-by-octet path of TOP with no line limit, on messages made of
     * the octets that matter (CR, LF, ".") and others, fed in chunks of every size from 1 to 9.
     */
    @Test
    void wholeMessageMatchesTheOctetByOctetPath() {
        Random random = new Random(1939);
        byte[] alphabet = {'\r', '\n', '.', 'a', ' '};
        for (int round = 0; round < 2000; round++) {
            byte[] message = new byte[random.nextInt(40)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int chunk = 1 + round % 9;
            assertThat(stuffed(new DotStuffer(), message, chunk))
                    .as("message %s", Arrays.toString(message))
                    .isEqualTo(stuffed(new DotStuffer(Long.MAX_VALUE), message, chunk));
        }
    }

    private static String stuffed(DotStuffer stuffer, byte[] message, int chunk) {
        Buffer out = Buffer.buffer();
        for (int i = 0; i < message.length; i += chunk) {
            stuffer.stuff(message, i, Math.min(message.length, i + chunk), out);
        }
        return out.appendBuffer(stuffer.finish()).toString(StandardCharsets.ISO_8859_1);
    }
}
