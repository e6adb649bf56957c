package io.postvault.protocol.imap.codec;

import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test input: bytes through the real framing (FrameDecoder + ImapRequestDecoder), optionally in two writes. */
public final class Requests {

    private Requests() {
    }

    /** The whole requests in {@code all}, fed in two writes split at {@code split} (0: one write); none refused. */
    public static List<ImapRequest> decode(byte[] all, int split) {
        return decode(all, split, false);
    }

    /** As {@link #decode(byte[], int)}; with {@code lenient}, refused requests are skipped instead of failing. */
    public static List<ImapRequest> decode(byte[] all, int split, boolean lenient) {
        FrameDecoder frames = new FrameDecoder(4096, 64);
        ImapRequestDecoder requests = new ImapRequestDecoder(1024, 8192, 8, Long.MAX_VALUE);
        List<ImapRequest> out = new ArrayList<>();
        List<byte[]> writes = split == 0 ? List.of(all)
                : List.of(Arrays.copyOf(all, split), Arrays.copyOfRange(all, split, all.length));
        for (byte[] write : writes) {
            frames.append(write);
            Frame frame;
            while ((frame = frames.next()) != null) {
                ImapRequestDecoder.Step step = requests.feed(frame);
                if (step instanceof ImapRequestDecoder.NeedLiteral literal) {
                    frames.startLiteral(literal.size());
                } else if (step instanceof ImapRequestDecoder.Rejected rejected && !lenient) {
                    throw new AssertionError("rejected: " + rejected.response());
                } else if (step instanceof ImapRequestDecoder.Complete complete) {
                    out.add(complete.request());
                }
            }
        }
        return out;
    }
}
