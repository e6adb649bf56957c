package io.postvault.search.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code postvault.mail.v1} (consumer group: this replica's name): new, removed and submitted messages. */
@ApplicationScoped
public class MailEventsConsumer {

    private final EventIndexer indexer;

    MailEventsConsumer(EventIndexer indexer) {
        this.indexer = indexer;
    }

    @Incoming("mail-events")
    public CompletionStage<Void> onMailEvent(Message<byte[]> record) {
        return indexer.index(record);
    }
}
