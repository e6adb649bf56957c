package io.postvault.protocol.outbox;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.protocol.store.pg.StatementPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes events into the outbox table, in the caller's transaction: the event is published if and only if the change
 * it reports commits.
 *
 * <p>Per-key order: each append takes a transaction-scoped advisory lock on its key before its row gets an id, so two
 * transactions writing events of the same key commit in the order of their ids, which is the order the relay
 * publishes. A transaction appending for several keys must append them in a stable order (by account id).
 */
@ApplicationScoped
public class OutboxWriter {

    /** First half of the two-int advisory lock ids used for per-key ordering (the relay uses the bigint space). */
    static final int KEY_LOCK_SPACE = 0x6f757462; // "outb"

    private final AgroalDataSource dataSource;

    OutboxWriter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(Event event) {
        try (Connection connection = dataSource.getConnection()) {
            appendTo(new StatementPipeline(), event).execute(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + event.type().wireName() + " to the outbox", e);
        }
    }

    /**
     * Adds the statements that append {@code event} (its key lock, then its row) to a pipeline the caller executes in
     * its transaction, with the change the event reports: one round trip for the change and its events.
     */
    public StatementPipeline appendTo(StatementPipeline pipeline, Event event) {
        return pipeline.add("SELECT pg_advisory_xact_lock(?, hashtext(?))", KEY_LOCK_SPACE, event.key())
                .add("INSERT INTO outbox (event_id, topic, event_key, event_type, payload) VALUES (?, ?, ?, ?, ?)",
                        event.id(), event.type().topic(), event.key(), event.type().wireName(),
                        EventCodec.encode(event));
    }
}
