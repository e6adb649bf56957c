package io.postvault.protocol.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Line + literal framing (RFC 3501 section 4.3, RFC 7888), every input also split at every byte offset. Literals over
 * 6 octets are spooled (shown as "spooled:" and the chunks the session was handed).
 */
class ImapRequestDecoderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a NOOP\r\n", "R[a NOOP]"),
                Arguments.of("a NOOP\r\nb LOGOUT\r\n", "R[a NOOP] R[b LOGOUT]"),
                Arguments.of("a LOGIN {5}\r\nalice pw\r\n", "+5 R[a LOGIN {5}|alice| pw]"),
                Arguments.of("a LOGIN {5+}\r\nalice {2+}\r\npw\r\n", "R[a LOGIN {5+}|alice| {2+}|pw|]"),
                Arguments.of("a APPEND X {0}\r\n\r\n", "+0 R[a APPEND X {0}||]"),
                Arguments.of("a APPEND X {4}\r\n\r\n\r\n\r\n", "+4 R[a APPEND X {4}|\r\n\r\n|]"),
                Arguments.of("a APPEND X {99}\r\nb NOOP\r\n", "a NO [TOOBIG] Literal too large (limit 10 octets) R[b NOOP]"),
                Arguments.of("a APPEND X {12+}\r\n123456789012\r\nb NOOP\r\n",
                        "a NO [TOOBIG] Literal too large (limit 10 octets) R[b NOOP]"),
                Arguments.of("a x {3}y\r\n", "R[a x {3}y]"),
                Arguments.of("a APPEND X {8}\r\n12345678\r\n", "+8 R[a APPEND X {8}|spooled:12345678|]"),
                Arguments.of("a APPEND X {7+}\r\n1234567 {7+}\r\nabcdefg\r\n",
                        "R[a APPEND X {7+}|spooled:1234567| {7+}|abcdefg|]"),
                Arguments.of("a APPEND X {9+}\r\n123456789\r\nb APPEND Y {10}\r\nabcdefghij\r\n",
                        "R[a APPEND X {9+}|spooled:123456789|] +10 R[b APPEND Y {10}|spooled:abcdefghij|]"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesWhole(String input, String expected) {
        assertThat(decode(input.getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesSplitAtEveryOffset(String input, String expected) {
        byte[] all = input.getBytes(StandardCharsets.UTF_8);
        for (int i = 1; i < all.length; i++) {
            assertThat(decode(all, i)).as("split at %d", i).isEqualTo(expected);
        }
    }

    /** Feeds the bytes (in two writes when split > 0) the way ImapSession drives the decoders. */
    private static String decode(byte[] all, int split) {
        FrameDecoder frames = new FrameDecoder(200, 3);
        ImapRequestDecoder requests = new ImapRequestDecoder(10, 1000, 4, 6);
        StringBuilder spool = new StringBuilder();
        List<String> out = new ArrayList<>();
        List<byte[]> writes = split == 0 ? List.of(all)
                : List.of(java.util.Arrays.copyOf(all, split), java.util.Arrays.copyOfRange(all, split, all.length));
        for (byte[] write : writes) {
            frames.append(write);
            Frame frame;
            while ((frame = frames.next()) != null) {
                ImapRequestDecoder.Step step = requests.feed(frame);
                if (step instanceof ImapRequestDecoder.NeedLiteral literal) {
                    if (literal.synchronizing()) {
                        out.add("+" + literal.size());
                    }
                    frames.startLiteral(literal.size());
                } else if (step instanceof ImapRequestDecoder.LiteralChunk chunk) {
                    spool.append(chunk.bytes().toString(StandardCharsets.UTF_8));
                } else if (step instanceof ImapRequestDecoder.Rejected rejected) {
                    out.add(rejected.tag() + " " + rejected.response());
                } else if (step instanceof ImapRequestDecoder.Complete complete) {
                    StringBuilder r = new StringBuilder("R[");
                    ImapRequest request = complete.request();
                    for (int i = 0; i < request.fragments().size(); i++) {
                        r.append(request.fragments().get(i));
                        if (i == request.spooled()) {
                            r.append("|spooled:").append(spool).append('|');
                            spool.setLength(0);
                        } else if (i < request.literals().size()) {
                            r.append('|').append(new String(request.literals().get(i), StandardCharsets.UTF_8)).append('|');
                        }
                    }
                    out.add(r.append(']').toString());
                }
            }
        }
        return String.join(" ", out);
    }
}
