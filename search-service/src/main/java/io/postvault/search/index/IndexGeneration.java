package io.postvault.search.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.jboss.logging.Logger;

/**
 * One Lucene index in its own folder: a writer and its near-real-time searchers. The service serves one generation;
 * a reindex builds the next one beside it and then takes its place.
 */
final class IndexGeneration implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IndexGeneration.class);

    private final Path folder;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Whether subject and body are indexed with offsets (always, but in a generation written before they were). */
    private final boolean offsets;
    /** Refreshes the searchers while this generation is served; null for a rebuild (nobody searches it). */
    private ControlledRealTimeReopenThread<IndexSearcher> refresher;
    /** Numbers the changes, in the order their writer calls returned. */
    private final AtomicLong changes = new AtomicLong();
    /** Document keys changed since the searchers last saw them, with their last change's number. */
    private final Map<String, Long> unseenKeys = new ConcurrentHashMap<>();
    /** The number of the last change by another term (a delete by archive id) the searchers have not seen; 0: none. */
    private final AtomicLong unseenOther = new AtomicLong();
    /** The last change number made before the refresh in progress began: it sees every change up to it. */
    private volatile long refreshing;

    private IndexGeneration(Path folder, FSDirectory directory, IndexWriter writer) throws IOException {
        this.folder = folder;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, true, true, null);
        this.searchers.addListener(new ReferenceManager.RefreshListener() {
            @Override
            public void beforeRefresh() {
                refreshing = changes.get();
            }

            @Override
            public void afterRefresh(boolean didRefresh) {
                long seen = refreshing; // the new searchers see every change numbered up to it
                // two-argument remove: a key changed again meanwhile keeps its newer mark
                unseenKeys.forEach((key, change) -> {
                    if (change <= seen) {
                        unseenKeys.remove(key, change);
                    }
                });
                unseenOther.getAndUpdate(change -> change <= seen ? 0 : change);
            }
        });
        this.offsets = withSearcher(searcher -> offsetsAllowed(FieldInfos.getMergedFieldInfos(
                searcher.getIndexReader())));
        if (!offsets) {
            LOG.warnf("the search index %s has no offsets for snippets (written by an older version): a reindex "
                    + "makes highlighting cheaper", folder);
        }
    }

    /** False when the subject or body was indexed without offsets: their index options cannot change in this index. */
    private static boolean offsetsAllowed(FieldInfos fields) {
        for (String field : List.of(Fields.SUBJECT, Fields.BODY)) {
            FieldInfo info = fields.fieldInfo(field);
            if (info != null && info.getIndexOptions() != IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS) {
                return false;
            }
        }
        return true;
    }

    /** Opens the index in {@code folder}, creating it when absent. */
    static IndexGeneration open(Path folder, Analyzer analyzer, double ramBufferMb) {
        try {
            FSDirectory directory = FSDirectory.open(folder);
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(ramBufferMb);
            return new IndexGeneration(folder, directory, new IndexWriter(directory, config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index at " + folder, e);
        }
    }

    Path folder() {
        return folder;
    }

    void put(IndexedMessage message) {
        try {
            writer.updateDocument(new Term(Fields.KEY, message.key()), message.toDocument(offsets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        unseen(new Term(Fields.KEY, message.key()));
    }

    void delete(Term term) {
        try {
            writer.deleteDocuments(term);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        unseen(term);
    }

    /**
     * Marks a change the searchers may not see yet, numbered AFTER the writer call returned: a refresh that began
     * after the number was taken sees the change, so its end may clear the mark.
     */
    private void unseen(Term term) {
        long change = changes.incrementAndGet();
        if (term.field().equals(Fields.KEY)) {
            unseenKeys.put(term.text(), change);
        } else {
            unseenOther.set(change);
        }
    }

    /**
     * The documents matching {@code term} with every change made so far: the searchers are refreshed first only when
     * a change they do not see yet could matter to this look-up (one of this key, or a delete by another term). Most
     * look-ups of an event (a flag change of a message delivered a while ago) need no refresh, which costs far more
     * than the look-up.
     */
    List<IndexedMessage> findCurrent(Term term, int max) {
        boolean stale = unseenOther.get() != 0 || (term.field().equals(Fields.KEY)
                ? unseenKeys.containsKey(term.text()) : !unseenKeys.isEmpty());
        if (stale) {
            refreshNow();
        }
        return find(term, max);
    }

    /** The documents matching {@code term} in the latest refreshed view (at most {@code max}). */
    List<IndexedMessage> find(Term term, int max) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(new TermQuery(term), max);
            List<IndexedMessage> found = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                Document doc = searcher.storedFields().document(hit.doc);
                found.add(IndexedMessage.fromDocument(doc));
            }
            return found;
        });
    }

    <T> T withSearcher(MessageIndex.SearchFunction<T> function) {
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

    /**
     * Refreshes the searchers on a thread of their own, at most {@code maxStale} after a change (Quarkus' scheduler
     * runs jobs at most once a second, too rarely for near-real-time search). Called once, when this generation
     * starts being served.
     */
    synchronized void startRefreshing(Duration maxStale) {
        if (refresher != null) {
            return;
        }
        double seconds = maxStale.toNanos() / 1e9;
        refresher = new ControlledRealTimeReopenThread<>(writer, searchers, seconds, Math.min(seconds, 0.025));
        refresher.setName("search-refresh-" + folder.getFileName());
        refresher.setDaemon(true);
        refresher.start();
    }

    /** Makes the searchers see every change made so far (blocks for a refresh in progress). */
    void refreshNow() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasUncommittedChanges() {
        return writer.hasUncommittedChanges();
    }

    void commit() throws IOException {
        writer.commit();
    }

    int numDocs() {
        return writer.getDocStats().numDocs;
    }

    /** Drops the uncommitted changes and closes (an unfinished rebuild). */
    void discard() throws IOException {
        try {
            stopRefreshing();
            searchers.close();
            writer.rollback();
        } finally {
            directory.close();
        }
    }

    /** Commits and closes; searchers still acquired by a search keep their view until released. */
    @Override
    public void close() throws IOException {
        try {
            stopRefreshing();
            searchers.close();
            writer.close();
        } catch (AlreadyClosedException e) {
            // closed before
        } finally {
            directory.close();
        }
    }

    private synchronized void stopRefreshing() {
        if (refresher != null) {
            refresher.close();
            refresher = null;
        }
    }
}
