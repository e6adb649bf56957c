package io.postvault.protocol.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.session.SelectedView;
import org.junit.jupiter.api.Test;

class VanishedFallbackTest {

    /** The folder now: UIDs 2, 3, 6, 9 of UIDs 1 to 10 (UIDNEXT 11). */
    private final SelectedView view = new SelectedView(new long[] {2, 3, 6, 9});

    @Test
    void everyKnownUidNoLongerThereBelowUidNext() {
        assertThat(VanishedFallback.ranges(new long[] {1, Long.MAX_VALUE}, view, 11, 0))
                .containsExactly(1, 1, 4, 5, 7, 8, 10, 10);
    }

    @Test
    void onlyTheKnownSetInAnyOrderAndOverlapping() {
        assertThat(VanishedFallback.ranges(new long[] {7, 8, 4, 4, 3, 5, 8, 8}, view, 11, 0))
                .containsExactly(4, 5, 7, 8);
    }

    @Test
    void nothingWhenEveryKnownUidIsThere() {
        assertThat(VanishedFallback.ranges(new long[] {2, 3, 6, 6}, view, 11, 0)).isEmpty();
        assertThat(VanishedFallback.ranges(new long[] {1, 10}, new SelectedView(new long[0]), 1, 0)).isEmpty();
    }

    @Test
    void anEmptyFolderReportsEveryKnownUid() {
        assertThat(VanishedFallback.ranges(new long[] {1, 4294967295L}, new SelectedView(new long[0]), 11, 0))
                .containsExactly(1, 10);
    }

    @Test
    void aMatchingSequencePairSkipsEverythingUpToIt() {
        // pairs that no longer hold prove nothing: UIDs 1 and 5 are gone, UID 3 is now number 2
        assertThat(VanishedFallback.matchedUid(SequenceSet.parse("1,3,4"), SequenceSet.parse("1,3,5"), view)).isZero();
        // the client saw 2, 3, 6 as 1..3 and still does: nothing at or below 6 left
        long matched = VanishedFallback.matchedUid(SequenceSet.parse("1:3"), SequenceSet.parse("2,3,6"), view);
        assertThat(matched).isEqualTo(6);
        assertThat(VanishedFallback.ranges(new long[] {1, 10}, view, 11, matched)).containsExactly(7, 8, 10, 10);
    }

    @Test
    void hugeMatchSetsAreWalkedNotExpanded() {
        assertThat(VanishedFallback.matchedUid(SequenceSet.parse("1:4294967295"), SequenceSet.parse("2:4294967295"),
                view)).isEqualTo(3);
    }
}
