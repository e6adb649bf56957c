package io.postvault.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.search.index.Fields;
import io.postvault.search.index.IndexedMessage;
import io.postvault.search.index.IndexedMessage.Status;
import io.postvault.search.index.MailAnalyzers;
import io.postvault.search.index.MessageIndex;
import io.postvault.search.support.PlainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subject and body are indexed with offsets, so snippets are cut from the postings; a generation written before
 * (without offsets) keeps taking documents as it was, and its snippets are still highlighted (by re-analysis).
 */
class SnippetOffsetsTest {

    @TempDir
    Path dir;
    private MessageIndex index;

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    @Test
    void aNewIndexHoldsOffsetsAndHighlightsFromThem() {
        index = new MessageIndex(PlainConfig.withIndexDir(dir));
        index.open();
        index.put(message("live|a|INBOX|1|1", "Migration notes", "The pelican crossed the bay at dawn."));
        index.refreshNow();

        assertThat(bodyIndexOptions()).isEqualTo(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        assertThat(snippets("pelican")).containsExactly("The <mark>pelican</mark> crossed the bay at dawn.");
        // A phrase is marked whole: its words' positions and offsets come from the postings.
        assertThat(snippets("\"crossed the bay\""))
                .containsExactly("The pelican <mark>crossed the bay</mark> at dawn.");
    }

    @Test
    void aGenerationWrittenWithoutOffsetsKeepsItsFieldsAndStillHighlights() throws Exception {
        Path old = Files.createDirectories(dir.resolve("gen-1"));
        Files.writeString(dir.resolve("CURRENT"), "gen-1\n");
        try (FSDirectory directory = FSDirectory.open(old);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(MailAnalyzers.perField()))) {
            writer.addDocument(message("live|a|INBOX|1|1", "Old", "An old pelican.").toDocument(false));
        }
        index = new MessageIndex(PlainConfig.withIndexDir(dir));
        index.open();
        index.put(message("live|a|INBOX|1|2", "New", "A new pelican."));
        index.refreshNow();

        assertThat(bodyIndexOptions()).isEqualTo(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        assertThat(snippets("pelican")).containsExactlyInAnyOrder("An old <mark>pelican</mark>.",
                "A new <mark>pelican</mark>.");
    }

    private IndexOptions bodyIndexOptions() {
        return index.withSearcher(searcher -> FieldInfos.getMergedFieldInfos(searcher.getIndexReader())
                .fieldInfo(Fields.BODY).getIndexOptions());
    }

    private List<String> snippets(String query) {
        SearchService search = new SearchService(index, PlainConfig.withIndexDir(dir));
        return search.search(new SearchRequest(SearchRequest.Scope.account("a@x.test"), query, null, null, null, null,
                        null, null, null, null, null, null, SearchRequest.SortOrder.DATE, 10, null)).items().stream()
                .flatMap(hit -> hit.snippets().stream()).toList();
    }

    private static IndexedMessage message(String key, String subject, String body) {
        return new IndexedMessage(key, "a", "a@x.test", "x.test", Status.LIVE, "received", "INBOX", 1L, 1L, null, null,
                "blob", 10, Instant.parse("2026-01-01T00:00:00Z"), null, "b@y.test", "a@x.test", null, subject, null,
                body, List.of(), IndexedMessage.NO_FLAGS, false);
    }
}
