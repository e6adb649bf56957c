package io.postvault.search.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.Term;

/**
 * A new generation of the index being built from the owning services (a reindex), beside the generation that keeps
 * serving searches and events. Messages read from the sources go in with {@link #put}; then {@link #swap()} replaces
 * the served generation, or {@link #abandon()} drops this one.
 *
 * <p>Events are never lost meanwhile: each event still changes the served generation, and the terms it changed (a
 * document key, an archive id) are noted here. Before the swap, the served generation's documents of every noted term
 * replace this generation's: an event applied during the rebuild is newer than (or as new as) what the sources said
 * when they were read, so it wins. A term noted again while being copied is copied again.
 */
public final class Rebuild {

    /** Documents one changed term may have at most (a key has one; an archive id one per copy). */
    private static final int MAX_DOCS_PER_TERM = 1000;

    private final MessageIndex index;
    private final IndexGeneration generation;
    private final Set<Term> changed = ConcurrentHashMap.newKeySet();

    Rebuild(MessageIndex index, IndexGeneration generation) {
        this.index = index;
        this.generation = generation;
    }

    /** Adds (or replaces) a message read from its owning service. Thread-safe: several readers may put at once. */
    public void put(IndexedMessage message) {
        generation.put(message);
    }

    /** Replaces the served generation by this one (see {@link MessageIndex}). */
    public void swap() {
        index.swap(this);
    }

    /** Drops this generation; the served one stays. */
    public void abandon() {
        index.abandon(this);
    }

    IndexGeneration generation() {
        return generation;
    }

    void changed(Term term) {
        changed.add(term);
    }

    int changedCount() {
        return changed.size();
    }

    /**
     * Copies the documents of the noted terms from {@code served}. Each term is un-noted before the served view is
     * refreshed, so an event changing it after that refresh notes it again for the next round.
     */
    void copyChanges(IndexGeneration served) {
        List<Term> batch = new ArrayList<>(changed);
        if (batch.isEmpty()) {
            return;
        }
        batch.forEach(changed::remove);
        served.refreshNow();
        for (Term term : batch) {
            generation.delete(term);
            served.find(term, MAX_DOCS_PER_TERM).forEach(generation::put);
        }
    }
}
