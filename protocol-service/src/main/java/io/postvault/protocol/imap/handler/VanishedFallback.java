package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.session.SelectedView;
import java.util.Arrays;

/**
 * VANISHED (EARLIER) when the record of removals was pruned past the client's MODSEQ (RFC 7162 section 3.2.5.2): every
 * UID of the set the client knows (below UIDNEXT) that is not in the folder, so no removal is ever left out. Message
 * sequence match data narrows it: when one of the client's (sequence number, UID) pairs still holds on the server, no
 * message at or below that UID was removed (UIDs only grow), so only UIDs above it are reported.
 */
final class VanishedFallback {

    /** Pairs of the match data looked at, at most: any pair that holds is proof, so stopping early stays correct. */
    private static final int MAX_MATCH_PAIRS = 100_000;

    private VanishedFallback() {
    }

    /**
     * Inclusive ranges {@code [lo0, hi0, ...]} of the UIDs among {@code known} (inclusive ranges, in any order) below
     * {@code uidNext} and above {@code matchedUid} that are not in {@code view}, ascending.
     */
    static long[] ranges(long[] known, SelectedView view, long uidNext, long matchedUid) {
        long[] wanted = merge(known);
        long[] out = new long[16];
        int n = 0;
        for (int i = 0; i < wanted.length; i += 2) {
            long lo = Math.max(Math.max(wanted[i], 1), matchedUid + 1);
            long hi = Math.min(wanted[i + 1], uidNext - 1);
            long next = lo; // the first UID of the range not yet accounted for
            for (int seq = view.rank(lo) + 1; next <= hi; seq++) {
                long present = seq <= view.count() ? view.uid(seq) : Long.MAX_VALUE;
                if (present > next) {
                    if (n + 2 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = next;
                    out[n++] = Math.min(present - 1, hi);
                }
                next = present == Long.MAX_VALUE ? Long.MAX_VALUE : present + 1;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The largest UID of the client's match data whose sequence number is still the same on the server, or 0. The two
     * sets pair up in order (RFC 7162 section 3.2.5); pairs are walked lazily, a set such as 1:4294967295 allocates
     * nothing.
     */
    static long matchedUid(SequenceSet seqMatch, SequenceSet uidMatch, SelectedView view) {
        if (seqMatch == null || uidMatch == null) {
            return 0;
        }
        long[] seqs = seqMatch.resolve(view.count());
        long[] uids = uidMatch.resolve(view.largestUid());
        long best = 0;
        int si = 0;
        int ui = 0;
        long s = seqs.length > 0 ? seqs[0] : 0;
        long u = uids.length > 0 ? uids[0] : 0;
        for (int pairs = 0; si < seqs.length && ui < uids.length && pairs < MAX_MATCH_PAIRS; pairs++) {
            if (s <= view.count() && s >= 1 && view.uid((int) s) == u) {
                best = Math.max(best, u);
            }
            if (++s > seqs[si + 1]) {
                si += 2;
                s = si < seqs.length ? seqs[si] : 0;
            }
            if (++u > uids[ui + 1]) {
                ui += 2;
                u = ui < uids.length ? uids[ui] : 0;
            }
        }
        return best;
    }

    /** Inclusive ranges sorted and merged. */
    private static long[] merge(long[] ranges) {
        int pairs = ranges.length / 2;
        Integer[] order = new Integer[pairs];
        for (int i = 0; i < pairs; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ranges[2 * a], ranges[2 * b]));
        long[] out = new long[ranges.length];
        int n = 0;
        for (int i : order) {
            long lo = ranges[2 * i];
            long hi = ranges[2 * i + 1];
            if (n > 0 && lo <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], hi);
            } else {
                out[n++] = lo;
                out[n++] = hi;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
