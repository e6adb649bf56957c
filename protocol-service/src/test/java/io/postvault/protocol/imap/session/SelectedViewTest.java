package io.postvault.protocol.imap.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postvault.protocol.imap.codec.SequenceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The run-length view against the plain list of UIDs it stands for, through every operation a session makes. */
class SelectedViewTest {

    @Test
    void consecutiveUidsAnswerLikeTheList() {
        SelectedView view = new SelectedView(new long[] {3, 4, 5, 6, 9, 10});
        assertEquals(6, view.count());
        assertEquals(3, view.uid(1));
        assertEquals(9, view.uid(5));
        assertEquals(5, view.seq(9));
        assertEquals(0, view.seq(7));
        assertEquals(0, view.seq(2));
        assertEquals(0, view.seq(11));
        assertEquals(10, view.largestUid());
        assertEquals(4, view.rank(7));
        assertEquals(0, view.rank(3));
        assertEquals(6, view.rank(100));
        assertArrayEquals(new long[] {4, 5, 9}, view.bySequence(SequenceSet.parse("2:3,5")));
        assertArrayEquals(new long[] {6, 9, 10}, view.byUid(SequenceSet.parse("6:*")));
        assertNull(view.bySequence(SequenceSet.parse("7")));
        assertThrows(IndexOutOfBoundsException.class, () -> view.uid(7));
    }

    @Test
    void searchSetsNameOnlyMessagesInTheView() {
        SelectedView view = new SelectedView(new long[] {1, 2, 3, 4, 6});
        assertArrayEquals(new long[] {6}, view.bySequenceInView(SequenceSet.parse("6:*")));
        assertArrayEquals(new long[] {6}, view.bySequenceInView(SequenceSet.parse("*:6")));
        assertArrayEquals(new long[] {3, 4, 6}, view.bySequenceInView(SequenceSet.parse("*:3")));
        assertArrayEquals(new long[] {2, 3, 4}, view.bySequenceInView(SequenceSet.parse("4:2")));
        assertArrayEquals(new long[] {1, 4, 6}, view.bySequenceInView(SequenceSet.parse("1,4,*,9,4294967295")));
        assertArrayEquals(new long[0], view.bySequenceInView(SequenceSet.parse("100:200")));
        assertArrayEquals(new long[0], new SelectedView(new long[0]).bySequenceInView(SequenceSet.parse("1:*")));
    }

    @Test
    void expungeSplitsShortensAndRemovesRuns() {
        SelectedView view = new SelectedView(new long[] {1, 2, 3, 4, 5, 8});
        assertEquals(3, view.expunge(3)); // splits 1..5
        assertArrayEquals(new long[] {1, 2, 4, 5, 8}, all(view));
        assertEquals(1, view.expunge(1)); // first of a run
        assertEquals(2, view.expunge(4)); // first of the second run
        assertEquals(3, view.expunge(8)); // a run of one
        assertEquals(0, view.expunge(8));
        assertArrayEquals(new long[] {2, 5}, all(view));
        view.add(6);
        view.add(6);
        view.add(20);
        assertArrayEquals(new long[] {2, 5, 6, 20}, all(view));
        assertEquals(4, view.seq(20));
    }

    @Test
    void emptyView() {
        SelectedView view = new SelectedView(new long[0]);
        assertEquals(0, view.count());
        assertEquals(0, view.largestUid());
        assertEquals(0, view.seq(1));
        assertArrayEquals(new long[0], view.byUid(SequenceSet.parse("1:*")));
        view.add(5);
        assertArrayEquals(new long[] {5}, all(view));
    }

    @Test
    void randomOperationsMatchTheList() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Long> list = new ArrayList<>();
            long uid = 0;
            for (int i = random.nextInt(60); i > 0; i--) {
                uid += 1 + (random.nextInt(4) == 0 ? random.nextInt(5) : 0);
                list.add(uid);
            }
            SelectedView view = new SelectedView(list.stream().mapToLong(Long::longValue).toArray());
            for (int step = 0; step < 80; step++) {
                int op = random.nextInt(3);
                if (op == 0 && !list.isEmpty()) {
                    long gone = list.get(random.nextInt(list.size()));
                    assertEquals(list.indexOf(gone) + 1, view.expunge(gone));
                    list.remove(gone);
                } else if (op == 1) {
                    long added = (list.isEmpty() ? 0 : list.get(list.size() - 1)) + 1 + random.nextInt(3);
                    view.add(added);
                    list.add(added);
                } else {
                    long probe = random.nextInt((int) (uid + 10) + 1);
                    assertEquals(list.indexOf(probe) + 1, view.seq(probe));
                    assertEquals(list.stream().filter(u -> u < probe).count(), view.rank(probe));
                    uid = Math.max(uid, probe);
                }
                assertArrayEquals(list.stream().mapToLong(Long::longValue).toArray(), all(view));
                assertEquals(list.isEmpty() ? 0 : list.get(list.size() - 1), view.largestUid());
                if (!list.isEmpty()) {
                    int a = 1 + random.nextInt(list.size());
                    int b = 1 + random.nextInt(list.size());
                    assertArrayEquals(list.subList(Math.min(a, b) - 1, Math.max(a, b)).stream()
                            .mapToLong(Long::longValue).toArray(), view.bySequence(SequenceSet.parse(a + ":" + b)));
                    long largest = list.get(list.size() - 1);
                    long from = 1 + random.nextInt((int) largest + 2);
                    long low = Math.min(from, largest); // "*" is the largest UID, so 12:* with 10 the largest is 10:12
                    assertArrayEquals(list.stream().filter(u -> u >= low).mapToLong(Long::longValue).toArray(),
                            view.byUid(SequenceSet.parse(from + ":*")));
                }
            }
        }
    }

    private static long[] all(SelectedView view) {
        long[] out = new long[view.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = view.uid(i + 1);
        }
        return out;
    }
}
