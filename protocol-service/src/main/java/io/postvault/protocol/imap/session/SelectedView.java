package io.postvault.protocol.imap.session;

import io.postvault.protocol.imap.codec.SequenceSet;
import java.util.Arrays;

/**
 * A session's view of its selected folder: message sequence numbers (positions, from 1) against UIDs, kept as runs of
 * consecutive UIDs — a run is its first UID and the number of messages before it. A folder's UIDs are mostly
 * consecutive (they are given in order and only expunges leave gaps), so a view costs a few runs, not 8 bytes a
 * message: an idle session holding a folder of 200 or 1,000,000 messages keeps a few dozen bytes. The worst case
 * (every other message expunged) is 12 bytes a message. Changes by others are applied only when the session may report
 * them (RFC 3501 section 7.4.1: no EXPUNGE during FETCH, STORE or SEARCH).
 */
public final class SelectedView {

    private long[] first = new long[1]; // first UID of each run, ascending
    private int[] before = new int[1];  // messages in the runs before each run
    private int runs;
    private int count;

    public SelectedView(long[] sortedUids) {
        for (long uid : sortedUids) {
            add(uid);
        }
    }

    public int count() {
        return count;
    }

    /** The UID at sequence number {@code seq} (1-based). */
    public long uid(int seq) {
        if (seq < 1 || seq > count) {
            throw new IndexOutOfBoundsException(seq);
        }
        int r = runAtPosition(seq - 1);
        return first[r] + (seq - 1 - before[r]);
    }

    /** The sequence number of a UID, or 0 when it is not in the view. */
    public int seq(long uid) {
        int r = runStartingAtOrBelow(uid);
        if (r < 0 || uid - first[r] >= length(r)) {
            return 0;
        }
        return before[r] + (int) (uid - first[r]) + 1;
    }

    public long largestUid() {
        return runs == 0 ? 0 : first[runs - 1] + length(runs - 1) - 1;
    }

    /** The UIDs of the messages a sequence-number set names, ascending, without duplicates; null when out of range. */
    public long[] bySequence(SequenceSet set) {
        long[] ranges = set.resolve(count);
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] < 1 || ranges[i + 1] > count) {
                return null;
            }
        }
        if (ranges.length == 2) {
            return uids((int) ranges[0] - 1, (int) ranges[1]);
        }
        boolean[] hit = new boolean[count];
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] <= ranges[i + 1]) {
                Arrays.fill(hit, (int) ranges[i] - 1, (int) ranges[i + 1], true);
            }
        }
        return hits(hit);
    }

    /**
     * The UIDs of the messages a sequence-number set names, for SEARCH: numbers past the last message name nothing,
     * so "6:*" and "*:6" with 5 messages are message 5 (RFC 3501 section 9: "*" is the largest number in use).
     */
    public long[] bySequenceInView(SequenceSet set) {
        if (count == 0) {
            return new long[0];
        }
        long[] ranges = set.resolve(count);
        boolean[] hit = new boolean[count];
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] <= count) {
                Arrays.fill(hit, (int) ranges[i] - 1, (int) Math.min(ranges[i + 1], count), true);
            }
        }
        return hits(hit);
    }

    /** The UIDs in the view that a UID set names ("*" is the largest UID in the view), ascending. */
    public long[] byUid(SequenceSet set) {
        long[] ranges = set.resolve(largestUid());
        if (count == 0) {
            return new long[0];
        }
        boolean[] hit = new boolean[count];
        for (int i = 0; i < ranges.length; i += 2) {
            int from = rank(ranges[i]);
            int to = rank(ranges[i + 1] + 1);
            if (from < to) {
                Arrays.fill(hit, from, to, true);
            }
        }
        return hits(hit);
    }

    /** How many UIDs of the view are below {@code uid}. */
    public int rank(long uid) {
        int r = runStartingAtOrBelow(uid - 1);
        if (r < 0) {
            return 0;
        }
        return before[r] + (int) Math.min(length(r), uid - first[r]);
    }

    /** Removes a UID; returns the sequence number it had (for the EXPUNGE response), or 0 when absent. */
    public int expunge(long uid) {
        int seq = seq(uid);
        if (seq == 0) {
            return 0;
        }
        int r = runStartingAtOrBelow(uid);
        int length = length(r);
        int offset = (int) (uid - first[r]);
        int shifted = r + 1; // the first run whose messages move up one position
        if (length == 1) {
            removeRun(r);
            shifted = r;
        } else if (offset == 0) {
            first[r]++;
        } else if (offset < length - 1) {
            insertRun(r + 1, uid + 1, before[r] + offset + 1); // the rest of the run, counted before the removal
        }
        for (int k = shifted; k < runs; k++) {
            before[k]--;
        }
        count--;
        return seq;
    }

    /** Appends UIDs larger than every UID in the view. */
    public void add(long uid) {
        if (runs > 0) {
            long largest = largestUid();
            if (uid <= largest) {
                return;
            }
            if (uid == largest + 1) {
                count++;
                return;
            }
        }
        insertRun(runs, uid, count);
        count++;
    }

    private int length(int r) {
        return (r + 1 < runs ? before[r + 1] : count) - before[r];
    }

    /** The run holding position {@code index} (0-based). */
    private int runAtPosition(int index) {
        int lo = 0;
        int hi = runs - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (before[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The last run whose first UID is at most {@code uid}, or -1. */
    private int runStartingAtOrBelow(long uid) {
        int lo = 0;
        int hi = runs - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (first[mid] <= uid) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The UIDs at positions {@code [from, to)} (0-based). */
    private long[] uids(int from, int to) {
        long[] out = new long[Math.max(0, to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = uid(from + i + 1);
        }
        return out;
    }

    private long[] hits(boolean[] hit) {
        int n = 0;
        for (boolean h : hit) {
            n += h ? 1 : 0;
        }
        long[] out = new long[n];
        int k = 0;
        for (int i = 0; i < hit.length; i++) {
            if (hit[i]) {
                out[k++] = uid(i + 1);
            }
        }
        return out;
    }

    private void insertRun(int at, long firstUid, int messagesBefore) {
        if (runs == first.length) {
            first = Arrays.copyOf(first, Math.max(4, runs * 2));
            before = Arrays.copyOf(before, first.length);
        }
        System.arraycopy(first, at, first, at + 1, runs - at);
        System.arraycopy(before, at, before, at + 1, runs - at);
        first[at] = firstUid;
        before[at] = messagesBefore;
        runs++;
    }

    private void removeRun(int at) {
        System.arraycopy(first, at + 1, first, at, runs - at - 1);
        System.arraycopy(before, at + 1, before, at, runs - at - 1);
        runs--;
    }
}
