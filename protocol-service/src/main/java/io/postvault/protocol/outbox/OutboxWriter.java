package io.postvault.protocol.outbox;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.protocol.store.pg.StatementPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

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

    /** {@link #appendAllTo} of one event: its key lock, then its row. */
    public StatementPipeline appendTo(StatementPipeline pipeline, Event event) {
        return appendAllTo(pipeline, List.of(event));
    }

    /**
     * Adds the statements that append every event of {@code events} to a pipeline the caller executes in its
     * transaction, with the change the events report (one round trip for the change and its events): one key lock per
     * distinct key (in key order), then ONE insert of all the rows, in list order. For the many events of one change
     * (a STORE of 1:1000 marks 1000 messages \Seen), two statements instead of two per event.
     */
    public StatementPipeline appendAllTo(StatementPipeline pipeline, List<Event> events) {
        if (events.isEmpty()) {
            return pipeline;
        }
        new TreeSet<>(events.stream().map(Event::key).toList()).forEach(key ->
                pipeline.add("SELECT pg_advisory_xact_lock(?, hashtext(?))", KEY_LOCK_SPACE, key));
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            Event event = events.get(i);
            ids[i] = event.id();
            topics[i] = event.type().topic();
            keys[i] = event.key();
            types[i] = event.type().wireName();
            payloads[i] = EventCodec.encode(event);
        }
        // WITH ORDINALITY ... ORDER BY: the identity ids follow the list order (the relay publishes in id order)
        return pipeline.add("""
                INSERT INTO outbox (event_id, topic, event_key, event_type, payload)
                SELECT e.id, e.topic, e.key, e.type, e.payload
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bytea[])
                    WITH ORDINALITY AS e(id, topic, key, type, payload, n) ORDER BY e.n""",
                ids, topics, keys, types, payloads);
    }
}
