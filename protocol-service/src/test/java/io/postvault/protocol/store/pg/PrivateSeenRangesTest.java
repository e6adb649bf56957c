package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A user's seen UIDs become the UID ranges that answer SEARCH SEEN/UNSEEN on a shared folder. */
class PrivateSeenRangesTest {

    @Test
    void consecutiveUidsMergeIntoOneRange() {
        assertThat(PrivateSeenMessages.ranges(new long[] {1, 2, 3, 7, 9, 10})).containsExactly(1, 3, 7, 7, 9, 10);
    }

    @Test
    void noUidsNoRanges() {
        assertThat(PrivateSeenMessages.ranges(new long[0])).isEmpty();
    }
}
