package io.postvault.protocol.imap.session;

import io.postvault.protocol.imap.codec.SequenceSet;
import java.util.Arrays;

/**
 * A session's view of its selected folder: message sequence numbers (positions, from 1) against UIDs, kept as one
 * sorted {@code long[]} (8 bytes a message). Changes by others are applied only when the session may report them
 * (RFC 3501 section 7.4.1: no EXPUNGE during FETCH, STORE or SEARCH).
 */
public final class SelectedView {

    private long[] uids;
    private int count;

    public SelectedView(long[] sortedUids) {
        this.uids = sortedUids.length == 0 ? new long[16] : sortedUids;
        this.count = sortedUids.length;
    }

    public int count() {
        return count;
    }

    /** The UID at sequence number {@code seq} (1-based). */
    public long uid(int seq) {
        if (seq < 1 || seq > count) {
            throw new IndexOutOfBoundsException(seq);
        }
        return uids[seq - 1];
    }

    /** The sequence number of a UID, or 0 when it is not in the view. */
    public int seq(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i < 0 ? 0 : i + 1;
    }

    public long largestUid() {
        return count == 0 ? 0 : uids[count - 1];
    }

    /** The UIDs of the messages a sequence-number set names, ascending, without duplicates; null when out of range. */
    public long[] bySequence(SequenceSet set) {
        long[] ranges = set.resolve(count);
        boolean[] hit = null;
        long[] out = new long[0];
        int n = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] < 1 || ranges[i + 1] > count) {
                return null;
            }
        }
        if (ranges.length == 2) {
            int from = (int) ranges[0];
            int to = (int) ranges[1];
            return Arrays.copyOfRange(uids, from - 1, to);
        }
        hit = new boolean[count];
        for (int i = 0; i < ranges.length; i += 2) {
            for (long s = ranges[i]; s <= ranges[i + 1]; s++) {
                hit[(int) s - 1] = true;
            }
        }
        out = new long[count];
        for (int i = 0; i < count; i++) {
            if (hit[i]) {
                out[n++] = uids[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The UIDs in the view that a UID set names ("*" is the largest UID in the view), ascending. */
    public long[] byUid(SequenceSet set) {
        long[] ranges = set.resolve(largestUid());
        if (count == 0) {
            return new long[0];
        }
        boolean[] hit = new boolean[count];
        for (int i = 0; i < ranges.length; i += 2) {
            int from = lowerBound(ranges[i]);
            for (int j = from; j < count && uids[j] <= ranges[i + 1]; j++) {
                hit[j] = true;
            }
        }
        long[] out = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (hit[i]) {
                out[n++] = uids[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** How many UIDs of the view are below {@code uid}. */
    public int rank(long uid) {
        return lowerBound(uid);
    }

    private int lowerBound(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i < 0 ? -i - 1 : i;
    }

    /** Removes a UID; returns the sequence number it had (for the EXPUNGE response), or 0 when absent. */
    public int expunge(long uid) {
        int seq = seq(uid);
        if (seq > 0) {
            System.arraycopy(uids, seq, uids, seq - 1, count - seq);
            count--;
        }
        return seq;
    }

    /** Appends UIDs larger than every UID in the view. */
    public void add(long uid) {
        if (count > 0 && uid <= uids[count - 1]) {
            return;
        }
        if (count == uids.length) {
            uids = Arrays.copyOf(uids, Math.max(16, count * 2));
        }
        uids[count++] = uid;
    }
}
