package io.postvault.search.index;

import io.postvault.search.config.SearchConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.BytesRef;
import org.jboss.logging.Logger;

/**
 * The Lucene index of the service: the generation it serves (a single writer, near-real-time searchers refreshed at
 * most {@code refresh-every} after a change, commits batched every {@code commit-every} or {@code commit-batch-size}
 * changes) and, during a reindex, the {@link Rebuild} of the next generation.
 *
 * <p>Each change is handed in with a callback that runs once the change is durable (committed): the consumers
 * acknowledge their Kafka record there, so a crash before a commit redelivers what the index lost.
 */
@ApplicationScoped
public class MessageIndex {

    private static final Logger LOG = Logger.getLogger(MessageIndex.class);
    private static final int COPIED_UNDER_LOCK = 100;

    private final SearchConfig config;
    private final Analyzer analyzer = MailAnalyzers.perField();
    private final Object pendingLock = new Object();
    /** Serialises the changes of events with the start and the end of a rebuild (commits lock {@code this}). */
    private final Object changes = new Object();
    private List<CompletableFuture<Void>> pending = new ArrayList<>();
    private Generations generations;
    private volatile IndexGeneration serving;
    private volatile Rebuild rebuild;

    public MessageIndex(SearchConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        open();
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    /** Opens the current generation of {@code index-dir}, deleting any other (an unfinished or replaced one). */
    public synchronized void open() {
        if (serving != null) {
            return;
        }
        generations = new Generations(Path.of(config.indexDir()));
        Path current = generations.current();
        generations.deleteAllBut(current);
        serving = IndexGeneration.open(current, analyzer, config.index().ramBufferMb());
        serving.startRefreshing(config.index().refreshEvery());
        LOG.infof("search index at %s: %d documents", current.toAbsolutePath(), serving.numDocs());
    }

    public void close() {
        Rebuild unfinished = rebuild;
        if (unfinished != null) {
            abandon(unfinished); // before taking this lock: a swap holds the lock of changes, then this one
        }
        synchronized (this) {
            if (serving == null) {
                return;
            }
            try {
                commit();
                serving.close();
            } catch (IOException e) {
                LOG.warn("closing the search index", e);
            } finally {
                serving = null;
            }
        }
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /** Inserts or replaces the document of {@code message.key()}. */
    public void put(IndexedMessage message) {
        synchronized (changes) {
            serving.put(message);
            changed(new Term(Fields.KEY, message.key()));
        }
    }

    /** Deletes the documents having {@code value} in {@code field}. */
    public void delete(String field, String value) {
        synchronized (changes) {
            Term term = new Term(field, value);
            serving.delete(term);
            changed(term);
        }
    }

    private void changed(Term term) {
        Rebuild running = rebuild;
        if (running != null) {
            running.changed(term);
        }
    }

    /** The document of {@code field:value} as the index holds it now, uncommitted changes included. */
    public Optional<IndexedMessage> find(String field, String value) {
        return serving.findCurrent(new Term(field, value), 1).stream().findFirst();
    }

    /** Makes searches see every change made so far now, rather than at the next refresh. */
    public void refreshNow() {
        serving.refreshNow();
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

    /** Runs the searcher on the latest refreshed view of the index (the new generation's once a reindex swapped). */
    public <T> T withSearcher(SearchFunction<T> function) {
        while (true) {
            try {
                return serving.withSearcher(function);
            } catch (AlreadyClosedException e) {
                // a reindex swapped generations between reading the field and acquiring a searcher: try the new one
            }
        }
    }

    /** A search over one point-in-time view. */
    @FunctionalInterface
    public interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
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
        if (serving == null) {
            batch.forEach(f -> f.completeExceptionally(new IllegalStateException("the search index is closed")));
            return;
        }
        try {
            if (serving.hasUncommittedChanges() || !batch.isEmpty()) {
                serving.commit();
            }
            batch.forEach(f -> f.complete(null));
        } catch (IOException | RuntimeException e) {
            LOG.error("committing the search index", e);
            batch.forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Documents in the served index (for tests, metrics and the benchmark). */
    public int numDocs() {
        return serving.numDocs();
    }

    /** The folder of the served generation. */
    public Path folder() {
        return serving.folder();
    }

    /** The addresses (lower case) that have documents in the served index. */
    public TreeSet<String> addresses() {
        return withSearcher(searcher -> {
            TreeSet<String> addresses = new TreeSet<>();
            Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), Fields.ADDRESS);
            if (terms != null) {
                TermsEnum each = terms.iterator();
                for (BytesRef term = each.next(); term != null; term = each.next()) {
                    addresses.add(term.utf8ToString());
                }
            }
            return addresses;
        });
    }

    /**
     * Starts building a new, empty generation beside the served one. Until {@link Rebuild#swap()}, searches and events
     * keep using the served generation; every key an event changes meanwhile is noted and copied over before the swap.
     *
     * @throws IllegalStateException when a rebuild is already running
     */
    public Rebuild startRebuild() {
        synchronized (changes) {
            if (rebuild != null) {
                throw new IllegalStateException("a rebuild of the index is already running");
            }
            Path folder = generations.next();
            rebuild = new Rebuild(this, IndexGeneration.open(folder, analyzer, config.index().ramBufferMb()));
            LOG.infof("rebuilding the search index in %s", folder.toAbsolutePath());
            return rebuild;
        }
    }

    /**
     * Makes {@code next} the served generation: the changes events made during the rebuild are copied into it (most
     * of them while events go on; the last few with events held), both generations are committed, {@code CURRENT} is
     * renamed to point at the new one, and searches move to it. The old generation is then closed and deleted.
     */
    void swap(Rebuild next) {
        for (int round = 0; round < 10 && next.changedCount() > COPIED_UNDER_LOCK; round++) {
            next.copyChanges(serving);
        }
        IndexGeneration old;
        synchronized (changes) {
            if (rebuild != next) {
                throw new IllegalStateException("this rebuild was abandoned");
            }
            next.copyChanges(serving);
            try {
                next.generation().commit();
            } catch (IOException e) {
                throw new UncheckedIOException("committing the rebuilt index", e);
            }
            commit();
            generations.makeCurrent(next.generation().folder());
            next.generation().refreshNow();
            next.generation().startRefreshing(config.index().refreshEvery());
            old = serving;
            serving = next.generation();
            rebuild = null;
        }
        LOG.infof("search index swapped to %s: %d documents", serving.folder().toAbsolutePath(), serving.numDocs());
        try {
            old.close();
        } catch (IOException e) {
            LOG.warn("closing the replaced index generation", e);
        }
        Generations.delete(old.folder());
    }

    /** Drops an unfinished rebuild: its folder is deleted, the served generation stays. */
    void abandon(Rebuild unfinished) {
        synchronized (changes) {
            if (rebuild != unfinished) {
                return;
            }
            rebuild = null;
        }
        try {
            unfinished.generation().discard();
        } catch (IOException e) {
            LOG.warn("closing the abandoned index generation", e);
        }
        Generations.delete(unfinished.generation().folder());
    }
}
