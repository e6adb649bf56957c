-- Archive entries that left the archive (evicted or deleted), by the removal or submission event that archived them.
-- The two topics are read independently: a removal read after its entry was already evicted must not index it again.
CREATE TABLE archived_gone (
    source_event_id uuid        PRIMARY KEY,
    gone_at         timestamptz NOT NULL
);
