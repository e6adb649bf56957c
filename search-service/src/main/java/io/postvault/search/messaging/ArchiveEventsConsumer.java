package io.postvault.search.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code postvault.archive.v1} (consumer group: this replica's name): archive entries stored, evicted, deleted. */
@ApplicationScoped
public class ArchiveEventsConsumer {

    private final EventIndexer indexer;

    ArchiveEventsConsumer(EventIndexer indexer) {
        this.indexer = indexer;
    }

    @Incoming("archive-events")
    public CompletionStage<Void> onArchiveEvent(Message<byte[]> record) {
        return indexer.index(record);
    }
}
