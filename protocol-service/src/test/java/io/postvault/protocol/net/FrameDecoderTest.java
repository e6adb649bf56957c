package io.postvault.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case fed whole and split in two at every byte offset; the decoded frames must not depend on the split. */
class FrameDecoderTest {

    /** input; body limit (-1: lines only, else DATA after the first line); expected rendering of the frames. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("NOOP\r\n", -1, "L[NOOP]"),
                Arguments.of("NOOP\r\nQUIT\r\n", -1, "L[NOOP] L[QUIT]"),
                Arguments.of("bare\nlf\n", -1, "L[bare] L[lf]"),
                Arguments.of("\r\n", -1, "L[]"),
                Arguments.of("0123456789\r\nok\r\n", -1, "L[0123456789] L[ok]"),
                Arguments.of("01234567890\r\nok\r\n", -1, "TOO-LONG L[ok]"),
                Arguments.of("0123456789012345678901234567890\r\nok\r\n", -1, "TOO-LONG L[ok]"),
                Arguments.of("0123456789\rx\r\n", -1, "TOO-LONG"),
                Arguments.of("h\u00c3\u00a9\r\n", -1, "L[h\u00e9]"),
                Arguments.of("DATA\r\n.\r\nNOOP\r\n", 100, "L[DATA] B[] END(0) L[NOOP]"),
                Arguments.of("DATA\r\na\r\n.\r\nNOOP\r\n", 100, "L[DATA] B[a\r\n] END(3) L[NOOP]"),
                Arguments.of("DATA\r\n..x\r\n.\r\n", 100, "L[DATA] B[.x\r\n] END(4)"),
                Arguments.of("DATA\r\n...\r\n.\r\n", 100, "L[DATA] B[..\r\n] END(4)"),
                Arguments.of("DATA\r\na\nb\n.\n", 100, "L[DATA] B[a\r\nb\r\n] END(6)"),
                Arguments.of("DATA\r\na.\r\n.b\r\n.\r\n", 100, "L[DATA] B[a.\r\nb\r\n] END(7)"),
                Arguments.of("DATA\r\nx\ry\r\n.\r\n", 100, "L[DATA] B[x\ry\r\n] END(5)"),
                Arguments.of("DATA\r\n.\rz\r\n.\r\n", 100, "L[DATA] B[\rz\r\n] END(4)"),
                Arguments.of("DATA\r\n\r\n.\r\n", 100, "L[DATA] B[\r\n] END(2)"),
                Arguments.of("DATA\r\nabcdef\r\n.\r\nQUIT\r\n", 4, "L[DATA] B[abcd] END(8,too-large) L[QUIT]"),
                Arguments.of("DATA\r\n\u00c3\u00a9\u00ff\r\n.\r\n", 100, "L[DATA] B[\u00c3\u00a9\u00ff\r\n] END(5)"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesWhole(String input, long limit, String expected) {
        assertThat(decode(bytes(input), List.of(), limit)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesSplitAtEveryOffset(String input, long limit, String expected) {
        byte[] all = bytes(input);
        for (int i = 1; i < all.length; i++) {
            assertThat(decode(all, List.of(i), limit)).as("split at %d", i).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesByteByByte(String input, long limit, String expected) {
        byte[] all = bytes(input);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < all.length; i++) {
            cuts.add(i);
        }
        assertThat(decode(all, cuts, limit)).isEqualTo(expected);
    }

    /** The test strings carry bytes as chars 0-255 (ISO-8859-1), so that invalid UTF-8 can be written. */
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String decode(byte[] input, List<Integer> cuts, long limit) {
        FrameDecoder decoder = new FrameDecoder(10, 4);
        List<String> out = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int from = 0;
        List<Integer> ends = new ArrayList<>(cuts);
        ends.add(input.length);
        for (int end : ends) {
            byte[] part = new byte[end - from];
            System.arraycopy(input, from, part, 0, part.length);
            decoder.append(Buffer.buffer(part));
            from = end;
            Frame frame;
            while ((frame = decoder.next()) != null) {
                if (frame instanceof Frame.Line line) {
                    out.add("L[" + line.text() + "]");
                    if (limit >= 0 && line.text().equals("DATA")) {
                        decoder.startDotBody(limit);
                    }
                } else if (frame instanceof Frame.LineTooLong) {
                    out.add("TOO-LONG");
                } else if (frame instanceof Frame.BodyChunk chunk) {
                    assertThat(chunk.bytes().length()).isBetween(1, 5);
                    body.append(new String(chunk.bytes().getBytes(), StandardCharsets.ISO_8859_1));
                } else if (frame instanceof Frame.BodyEnd bodyEnd) {
                    out.add("B[" + body + "]");
                    body.setLength(0);
                    out.add("END(" + bodyEnd.size() + (bodyEnd.tooLarge() ? ",too-large" : "") + ")");
                }
            }
        }
        return String.join(" ", out);
    }
}
