package io.postvault.search.index;

import io.postvault.search.config.SearchConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.jboss.logging.Logger;

/**
 * The one Lucene index of the service: a single writer, near-real-time searchers refreshed every
 * {@code refresh-every}, and commits batched every {@code commit-every} (or {@code commit-batch-size} changes).
 *
 * <p>Each change is handed in with a callback that runs once the change is durable (committed): the consumers
 * acknowledge their Kafka record there, so a crash before a commit redelivers what the index lost.
 */
@ApplicationScoped
public class MessageIndex {

    private static final Logger LOG = Logger.getLogger(MessageIndex.class);

    private final SearchConfig config;
    private final Analyzer analyzer = MailAnalyzers.perField();
    private final Object pendingLock = new Object();
    private List<CompletableFuture<Void>> pending = new ArrayList<>();
    private volatile boolean unrefreshed;
    private FSDirectory directory;
    private IndexWriter writer;
    private SearcherManager searchers;

    MessageIndex(SearchConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        open();
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    synchronized void open() {
        if (writer != null) {
            return;
        }
        try {
            Path dir = Path.of(config.indexDir());
            Files.createDirectories(dir);
            directory = FSDirectory.open(dir);
            IndexWriterConfig writerConfig = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(config.index().ramBufferMb());
            writer = new IndexWriter(directory, writerConfig);
            searchers = new SearcherManager(writer, true, true, null);
            LOG.infof("search index at %s: %d documents", dir.toAbsolutePath(), writer.getDocStats().numDocs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index at " + config.indexDir(), e);
        }
    }

    synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            commit();
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            LOG.warn("closing the search index", e);
        } finally {
            writer = null;
        }
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /** Inserts or replaces the document of {@code message.key()}. */
    public void put(IndexedMessage message) {
        try {
            writer.updateDocument(new Term(Fields.KEY, message.key()), message.toDocument());
            unrefreshed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the documents having {@code value} in {@code field}. */
    public void delete(String field, String value) {
        try {
            writer.deleteDocuments(new Term(field, value));
            unrefreshed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document of {@code field:value} as the index holds it now, uncommitted changes included. */
    public Optional<IndexedMessage> find(String field, String value) {
        try {
            if (unrefreshed) {
                unrefreshed = false;
                searchers.maybeRefreshBlocking();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(new TermQuery(new Term(field, value)), 1);
                if (top.scoreDocs.length == 0) {
                    return Optional.empty();
                }
                return Optional.of(IndexedMessage.fromDocument(searcher.storedFields().document(top.scoreDocs[0].doc)));
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A future completed when the changes made so far are committed (at the latest after {@code commit-every}). */
    public CompletableFuture<Void> durable() {
        CompletableFuture<Void> future = new CompletableFuture<>();
        int size;
        synchronized (pendingLock) {
            pending.add(future);
            size = pending.size();
        }
        if (size >= config.index().commitBatchSize()) {
            commit();
        }
        return future;
    }

    /** Runs the searcher on the latest refreshed view of the index. */
    public <T> T withSearcher(SearchFunction<T> function) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return function.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A search over one point-in-time view. */
    @FunctionalInterface
    public interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    @Scheduled(every = "${postvault.search.index.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (writer == null) {
            return;
        }
        try {
            searchers.maybeRefresh();
        } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
            LOG.warn("refreshing the search index", e);
        }
    }

    @Scheduled(every = "${postvault.search.index.commit-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCommit() {
        commit();
    }

    /** Commits the changes made so far, then completes the futures of the changes it covers. */
    public synchronized void commit() {
        List<CompletableFuture<Void>> batch;
        synchronized (pendingLock) {
            batch = pending;
            pending = new ArrayList<>();
        }
        if (writer == null) {
            batch.forEach(f -> f.completeExceptionally(new IllegalStateException("the search index is closed")));
            return;
        }
        try {
            if (writer.hasUncommittedChanges() || !batch.isEmpty()) {
                writer.commit();
            }
            batch.forEach(f -> f.complete(null));
        } catch (IOException | RuntimeException e) {
            LOG.error("committing the search index", e);
            batch.forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Documents in the index (for tests and metrics). */
    public int numDocs() {
        return writer.getDocStats().numDocs;
    }
}
