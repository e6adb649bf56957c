package io.postvault.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.postvault.search.index.IndexedMessage.Status;
import io.postvault.search.support.PlainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index generations: a rebuild beside the served index, events during it, the atomic swap, an abandon. */
class MessageIndexRebuildTest {

    @TempDir
    Path dir;
    private MessageIndex index;

    private MessageIndex open() {
        index = new MessageIndex(PlainConfig.withIndexDir(dir));
        index.open();
        return index;
    }

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    @Test
    void changesBecomeSearchableWithoutAnExplicitRefreshBeforeAndAfterASwap() {
        open().put(message("live|a|INBOX|1|1", "first", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> visibleSubjects().contains("first"));
        Rebuild rebuild = index.startRebuild();
        rebuild.put(message("live|a|INBOX|1|1", "first", null));
        rebuild.swap();
        index.put(message("live|a|INBOX|1|2", "after the swap", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> visibleSubjects().contains("after the swap"));
    }

    /**
     * A look-up (as an event applies) sees the latest change of its key without refreshing for every other change,
     * while the background refresher runs: a refresh clears only the marks of changes it sees.
     */
    @Test
    void aLookUpSeesTheLatestChangeOfItsKeyWhileTheRefresherRuns() {
        open();
        for (int i = 0; i < 3000; i++) {
            index.put(message("live|a|INBOX|1|" + (i % 7), "v" + i, null));
            if (i % 5 == 0) {
                index.delete(Fields.ARCHIVE_ID, "nothing-" + i); // a delete by another term
            }
            assertThat(index.find(Fields.KEY, "live|a|INBOX|1|" + (i % 7)).map(IndexedMessage::subject))
                    .contains("v" + i);
            if (i >= 7) {
                assertThat(index.find(Fields.KEY, "live|a|INBOX|1|" + ((i - 3) % 7)).map(IndexedMessage::subject))
                        .contains("v" + (i - 3));
            }
        }
    }

    @Test
    void aRebuildReplacesTheServedIndexWhole() throws Exception {
        open().put(message("live|a|INBOX|1|1", "served", null));
        index.commit();
        Path served = index.folder();

        Rebuild rebuild = index.startRebuild();
        rebuild.put(message("live|a|INBOX|1|2", "rebuilt", null));
        assertThat(subjects()).containsExactly("served");
        assertThatThrownBy(index::startRebuild).isInstanceOf(IllegalStateException.class);

        rebuild.swap();
        assertThat(subjects()).containsExactly("rebuilt");
        assertThat(Files.readString(dir.resolve("CURRENT")).strip()).isEqualTo(index.folder().getFileName().toString());
        assertThat(served).doesNotExist();

        index.close();
        assertThat(open().numDocs()).isEqualTo(1);
        assertThat(subjects()).containsExactly("rebuilt");
    }

    @Test
    void whatEventsChangeDuringTheRebuildWinOverWhatTheSourcesSaid() {
        open().put(message("live|a|INBOX|1|1", "okapi", null));
        Rebuild rebuild = index.startRebuild();
        // The sources were read before the events below: a live message since removed, one since changed, one
        // archive entry since evicted, one message nobody touched.
        rebuild.put(message("live|a|INBOX|1|1", "okapi", null));
        rebuild.put(message("live|a|INBOX|1|3", "ibex as listed", null));
        rebuild.put(message("archived|a|e1", "wombat", "archive-1"));
        rebuild.put(message("live|a|INBOX|1|4", "quokka", null));

        index.delete(Fields.KEY, "live|a|INBOX|1|1");
        index.put(message("archived|a|e2", "okapi", null));
        index.put(message("live|a|INBOX|1|3", "ibex as changed", null));
        index.delete(Fields.ARCHIVE_ID, "archive-1");
        rebuild.swap();

        assertThat(subjects()).containsExactlyInAnyOrder("okapi", "ibex as changed", "quokka");
        assertThat(index.find(Fields.KEY, "archived|a|e2")).isPresent();
        assertThat(index.find(Fields.KEY, "live|a|INBOX|1|1")).isEmpty();
    }

    @Test
    void anAbandonedRebuildLeavesTheServedIndexAsItWas() {
        open().put(message("live|a|INBOX|1|1", "served", null));
        Rebuild rebuild = index.startRebuild();
        rebuild.put(message("live|a|INBOX|1|2", "half done", null));
        Path building = dir.resolve("gen-2");
        assertThat(building).exists();

        rebuild.abandon();

        assertThat(building).doesNotExist();
        assertThat(subjects()).containsExactly("served");
        index.startRebuild().abandon(); // another may start
        assertThatThrownBy(rebuild::swap).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGenerationLeftByACrashIsDeletedAtStart() throws Exception {
        open().put(message("live|a|INBOX|1|1", "served", null));
        index.startRebuild().put(message("live|a|INBOX|1|2", "lost", null));
        index.commit();
        // A crash here: the JVM dies without closing (simulated by opening a second index on a copy of the folder).
        Path copy = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-copy"));
        try (var files = Files.walk(dir)) {
            for (Path source : files.toList()) {
                if (!source.getFileName().toString().equals("write.lock")) {
                    Path target = copy.resolve(dir.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        }
        MessageIndex restarted = new MessageIndex(PlainConfig.withIndexDir(copy));
        restarted.open();
        try {
            assertThat(restarted.numDocs()).isEqualTo(1);
            assertThat(copy.resolve("gen-2")).doesNotExist();
        } finally {
            restarted.close();
        }
    }

    /** The subjects searches see now (refreshed first, as the refresh thread does within refresh-every). */
    private List<String> subjects() {
        index.refreshNow();
        return visibleSubjects();
    }

    /** The subjects the latest refreshed view holds. */
    private List<String> visibleSubjects() {
        return index.withSearcher(searcher -> {
            List<String> subjects = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(new MatchAllDocsQuery(), 100).scoreDocs) {
                subjects.add(searcher.storedFields().document(hit.doc).get(Fields.SUBJECT));
            }
            return subjects;
        });
    }

    private static IndexedMessage message(String key, String subject, String archiveId) {
        return new IndexedMessage(key, "a", "a@x.test", "x.test", archiveId == null ? Status.LIVE : Status.ARCHIVED,
                "received", "INBOX", 1L, 1L, archiveId, null, "blob", 10, Instant.parse("2026-01-01T00:00:00Z"), null,
                "b@y.test", "a@x.test", null, subject, null, "body", List.of(),
                archiveId == null ? IndexedMessage.NO_FLAGS : null, false);
    }
}
