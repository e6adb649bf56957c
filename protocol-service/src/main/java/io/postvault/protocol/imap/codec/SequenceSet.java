package io.postvault.protocol.imap.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence-set (RFC 3501 section 9): ranges of numbers where "*" stands for the largest number in use. Kept as
 * ranges, never expanded, so {@code 1:4294967295} costs nothing.
 */
public final class SequenceSet {

    /** Marks "*" in {@link #ranges}. */
    public static final long STAR = -1;

    /** "$": the result saved by {@code SEARCH RETURN (SAVE)} (RFC 5182), resolved by the session. */
    private static final SequenceSet SAVED = new SequenceSet(new long[0]);

    private final long[] ranges;

    private SequenceSet(long[] ranges) {
        this.ranges = ranges;
    }

    public static SequenceSet parse(String text) {
        if (text.isEmpty()) {
            throw new ImapSyntaxException("Expected sequence set");
        }
        if (text.equals("$")) {
            return SAVED;
        }
        List<long[]> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            long a = number(colon < 0 ? part : part.substring(0, colon));
            long b = colon < 0 ? a : number(part.substring(colon + 1));
            out.add(new long[] {a, b});
        }
        long[] flat = new long[out.size() * 2];
        for (int i = 0; i < out.size(); i++) {
            flat[2 * i] = out.get(i)[0];
            flat[2 * i + 1] = out.get(i)[1];
        }
        return new SequenceSet(flat);
    }

    private static long number(String text) {
        if (text.equals("*")) {
            return STAR;
        }
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            throw new ImapSyntaxException("Invalid sequence set");
        }
        long n = Long.parseLong(text);
        if (n == 0 || n > 0xFFFFFFFFL) {
            throw new ImapSyntaxException("Invalid sequence set");
        }
        return n;
    }

    /** True for "$" (RFC 5182): it has no ranges of its own. */
    public boolean saved() {
        return this == SAVED;
    }

    /** UIDs (ascending) in compact form: "4:6,9" (UIDPLUS, VANISHED, ESEARCH). */
    public static String format(long[] sorted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ",").append(sorted[i]);
            if (j > i) {
                out.append(':').append(sorted[j]);
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** Inclusive ranges {@code [lo0, hi0, lo1, hi1 ...]} (ascending, disjoint) in compact form: "4:6,9". */
    public static String formatRanges(long[] ranges) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ranges.length; i += 2) {
            out.append(i == 0 ? "" : ",").append(ranges[i]);
            if (ranges[i + 1] != ranges[i]) {
                out.append(':').append(ranges[i + 1]);
            }
        }
        return out.toString();
    }

    /** Inclusive ranges {@code [lo0, hi0, lo1, hi1 ...]} with "*" replaced by {@code largest}, each low <= high. */
    public long[] resolve(long largest) {
        long[] out = new long[ranges.length];
        for (int i = 0; i < ranges.length; i += 2) {
            long a = ranges[i] == STAR ? largest : ranges[i];
            long b = ranges[i + 1] == STAR ? largest : ranges[i + 1];
            out[i] = Math.min(a, b);
            out[i + 1] = Math.max(a, b);
        }
        return out;
    }

    @Override
    public String toString() {
        if (saved()) {
            return "$";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ranges.length; i += 2) {
            out.append(i == 0 ? "" : ",").append(ranges[i] == STAR ? "*" : ranges[i]);
            if (ranges[i + 1] != ranges[i]) {
                out.append(':').append(ranges[i + 1] == STAR ? "*" : ranges[i + 1]);
            }
        }
        return out.toString();
    }
}
