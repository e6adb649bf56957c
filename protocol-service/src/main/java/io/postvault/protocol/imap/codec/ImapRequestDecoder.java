package io.postvault.protocol.imap.codec;

import io.postvault.protocol.net.Frame;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles {@link Frame}s (lines, literal chunks) into whole {@link ImapRequest}s: a resumable receiver. Each step
 * answers what the session must do next: nothing yet, read a literal (after a go-ahead when it is synchronizing), or
 * handle a complete request. Limits: the literal size (an over-limit synchronizing literal is refused before the
 * client sends it; a non-synchronizing one is drained, then refused), and the bytes and literals of one request.
 * The first literal of a request larger than {@code spoolAbove} (an APPEND message) is not kept: its chunks are handed
 * to the session as they arrive, to be written to a spool file, and the request marks it as spooled.
 */
public final class ImapRequestDecoder {

    /** What a frame led to. */
    public sealed interface Step {
    }

    /** More input is needed. */
    public record NeedMore() implements Step {
    }

    /**
     * The line ends with a literal of {@code size} octets; {@code synchronizing} needs a "+" go-ahead first;
     * {@code spooled}: its chunks will come as {@link LiteralChunk}s for the session to store.
     */
    public record NeedLiteral(long size, boolean synchronizing, boolean spooled) implements Step {
    }

    /** Octets of the spooled literal, in order. */
    public record LiteralChunk(Buffer bytes) implements Step {
    }

    /** A whole request. */
    public record Complete(ImapRequest request) implements Step {
    }

    /** The request was refused (too long, too large a literal); reply with the text as a tagged BAD/NO. */
    public record Rejected(String tag, String response) implements Step {
    }

    private final long maxLiteral;
    private final long maxRequest;
    private final int maxLiterals;
    private List<String> fragments = new ArrayList<>();
    private List<byte[]> literals = new ArrayList<>();
    private Buffer literal;
    private long requestBytes;
    private boolean draining;
    private String drainResponse;
    private boolean discardLine;
    private final long spoolAbove;
    private boolean spooling;
    private int spooled = -1;

    /**
     * @param maxLiteral  largest literal accepted, in octets
     * @param maxRequest  largest request (lines and literals together), in octets
     * @param maxLiterals most literals in one request
     * @param spoolAbove  literals larger than this go to the session's spool (one a request)
     */
    public ImapRequestDecoder(long maxLiteral, long maxRequest, int maxLiterals, long spoolAbove) {
        if (maxLiteral < 0 || maxRequest < 1 || maxLiterals < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxLiteral = maxLiteral;
        this.maxRequest = maxRequest;
        this.maxLiterals = maxLiterals;
        this.spoolAbove = spoolAbove;
    }

    /** Feeds one frame. */
    public Step feed(Frame frame) {
        if (frame instanceof Frame.Line line) {
            return line(line.text());
        }
        if (frame instanceof Frame.BodyChunk chunk) {
            if (spooling) {
                return new LiteralChunk(chunk.bytes());
            }
            if (!draining) {
                literal.appendBuffer(chunk.bytes());
            }
            return new NeedMore();
        }
        if (frame instanceof Frame.BodyEnd) {
            if (draining) {
                String tag = new ImapRequest(fragments, literals).tag();
                String response = drainResponse;
                reset();
                discardLine = true; // the rest of the refused command's line
                return new Rejected(tag, response);
            }
            if (spooling) {
                spooling = false;
                spooled = literals.size();
                literals.add(null);
                return new NeedMore();
            }
            literals.add(literal.getBytes());
            literal = null;
            return new NeedMore();
        }
        String tag = fragments.isEmpty() ? "*" : new ImapRequest(fragments, literals).tag();
        reset();
        return new Rejected(tag, "BAD [TOOBIG] Command line too long");
    }

    /** The session refused a synchronizing literal (it answered with a tagged response): forget the request. */
    public void abandon() {
        reset();
    }

    private Step line(String text) {
        if (discardLine) {
            discardLine = false;
            long[] marker = literalMarker(text);
            if (marker != null && marker[1] == 1) {
                fragments.add("*");
                draining = true;
                drainResponse = "BAD Rest of a refused command";
                return new NeedLiteral(marker[0], false, false);
            }
            return new NeedMore();
        }
        fragments.add(text);
        requestBytes += text.length() + 2;
        long[] marker = literalMarker(text);
        if (marker == null) {
            ImapRequest request = new ImapRequest(fragments, literals, spooled);
            reset();
            return new Complete(request);
        }
        long size = marker[0];
        boolean synchronizing = marker[1] == 0;
        String refusal = null;
        if (size > maxLiteral) {
            refusal = "NO [TOOBIG] Literal too large (limit " + maxLiteral + " octets)";
        } else if (requestBytes + size > maxRequest || literals.size() >= maxLiterals) {
            refusal = "BAD [TOOBIG] Command too large";
        }
        if (refusal != null) {
            if (synchronizing) {
                String tag = new ImapRequest(fragments, literals).tag();
                reset();
                return new Rejected(tag, refusal);
            }
            draining = true;
            drainResponse = refusal;
            return new NeedLiteral(size, false, false);
        }
        requestBytes += size;
        if (size > spoolAbove && spooled < 0) {
            spooling = true;
            return new NeedLiteral(size, synchronizing, true);
        }
        literal = Buffer.buffer((int) Math.min(size, 64 * 1024));
        return new NeedLiteral(size, synchronizing, false);
    }

    /** {size, 1 if non-synchronizing else 0} when the line ends with {n} or {n+}, else null. */
    static long[] literalMarker(String text) {
        if (!text.endsWith("}")) {
            return null;
        }
        int open = text.lastIndexOf('{');
        if (open < 0) {
            return null;
        }
        int end = text.length() - 1;
        boolean plus = end > open + 1 && text.charAt(end - 1) == '+';
        String digits = text.substring(open + 1, plus ? end - 1 : end);
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new long[] {Long.parseLong(digits), plus ? 1 : 0};
    }

    private void reset() {
        fragments = new ArrayList<>();
        literals = new ArrayList<>();
        literal = null;
        requestBytes = 0;
        draining = false;
        drainResponse = null;
        spooling = false;
        spooled = -1;
    }
}
