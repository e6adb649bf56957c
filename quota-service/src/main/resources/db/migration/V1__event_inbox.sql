-- Ids of the events this service has applied, written in the same transaction as each event's effect,
-- so that a replayed or duplicated event changes nothing.
CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    type         text        NOT NULL,
    processed_at timestamptz NOT NULL
);
