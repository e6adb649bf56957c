package io.postvault.protocol.imap.session;

import java.util.Arrays;

/**
 * The UIDs that are \Recent in this session (RFC 3501 section 2.3.2): the ranges the session claimed from the folder's
 * recent mark (SELECT, then new messages it learned of), or, read-only, found unclaimed. Kept as ascending, disjoint
 * half-open ranges {@code [from, to)}: a few ranges whatever the number of messages, since claims follow the UIDs up.
 */
public final class RecentUids {

    private long[] ranges = new long[0];

    /** Adds {@code [from, to)}; ranges arrive in ascending order, an adjacent one is merged. */
    public void add(long from, long to) {
        if (from >= to) {
            return;
        }
        int n = ranges.length;
        if (n > 0 && from <= ranges[n - 1]) {
            ranges[n - 1] = Math.max(ranges[n - 1], to);
            return;
        }
        ranges = Arrays.copyOf(ranges, n + 2);
        ranges[n] = from;
        ranges[n + 1] = to;
    }

    public boolean contains(long uid) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (uid >= ranges[i] && uid < ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** How many messages of the view are recent (expunged ones no longer count). */
    public int count(SelectedView view) {
        int count = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            count += view.rank(ranges[i + 1]) - view.rank(ranges[i]);
        }
        return count;
    }

    /** The recent UIDs of the view, ascending. */
    public long[] uids(SelectedView view) {
        long[] out = new long[count(view)];
        int n = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            for (int seq = view.rank(ranges[i]) + 1, end = view.rank(ranges[i + 1]); seq <= end; seq++) {
                out[n++] = view.uid(seq);
            }
        }
        return out;
    }
}
