package io.postvault.protocol.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentUidsTest {

    private final SelectedView view = new SelectedView(new long[] {1, 2, 4, 5, 7, 9, 10});
    private final RecentUids recent = new RecentUids();

    @Test
    void nothingIsRecentAtFirst() {
        assertThat(recent.count(view)).isZero();
        assertThat(recent.uids(view)).isEmpty();
        assertThat(recent.contains(1)).isFalse();
    }

    @Test
    void rangesCountOnlyTheMessagesOfTheView() {
        recent.add(3, 6); // 4, 5
        recent.add(9, 12); // 9, 10 (11 never arrived yet)
        assertThat(recent.count(view)).isEqualTo(4);
        assertThat(recent.uids(view)).containsExactly(4, 5, 9, 10);
        assertThat(recent.contains(3)).isTrue();
        assertThat(recent.contains(6)).isFalse();
        assertThat(recent.contains(7)).isFalse();
        assertThat(recent.contains(11)).isTrue();
        assertThat(recent.contains(12)).isFalse();
    }

    @Test
    void anExpungedMessageNoLongerCounts() {
        recent.add(1, 11);
        view.expunge(5);
        assertThat(recent.count(view)).isEqualTo(6);
        assertThat(recent.uids(view)).containsExactly(1, 2, 4, 7, 9, 10);
    }

    @Test
    void adjacentAndEmptyRangesMerge() {
        recent.add(1, 3);
        recent.add(3, 5);
        recent.add(5, 5);
        recent.add(7, 8);
        assertThat(recent.uids(view)).containsExactly(1, 2, 4, 7);
        assertThat(recent.contains(3)).isTrue();
        assertThat(recent.contains(6)).isFalse();
    }

    @Test
    void newMessagesOfTheViewCountOnceAdded() {
        recent.add(11, 13);
        assertThat(recent.count(view)).isZero();
        view.add(11);
        view.add(12);
        assertThat(recent.uids(view)).containsExactly(11, 12);
    }
}
