package io.postvault.search.messaging;

import io.postvault.events.EventCodec;
import io.postvault.search.service.IndexingService;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Indexes the records of both topics on one worker thread, so that a removal and its archive.stored never race on the
 * same document. A record is acknowledged (its offset committed) only after the index commit that holds its effect; a
 * record that fails (malformed, object store down) is nacked: it goes to {@code postvault.dlq.search} with the
 * exception's message as {@code dead-letter-reason}, and consumption goes on.
 */
@ApplicationScoped
public class EventIndexer {

    private final IndexingService indexing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "search-indexer");
        thread.setDaemon(true);
        return thread;
    });

    EventIndexer(IndexingService indexing) {
        this.indexing = indexing;
    }

    /** Completes when the record is applied (not yet committed): the next record may then be applied. */
    public CompletionStage<Void> index(Message<byte[]> record) {
        return CompletableFuture.supplyAsync(() -> indexing.apply(EventCodec.decode(record.getPayload())), worker)
                .handle((durable, failure) -> {
                    if (failure != null) {
                        return record.nack(unwrap(failure));
                    }
                    durable.whenComplete((ok, commitFailure) -> {
                        if (commitFailure == null) {
                            record.ack();
                        } else {
                            record.nack(unwrap(commitFailure));
                        }
                    });
                    return CompletableFuture.<Void>completedFuture(null);
                })
                .thenCompose(stage -> stage);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdown();
    }
}
