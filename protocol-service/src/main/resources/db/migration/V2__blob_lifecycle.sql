-- Blob lifecycle: a live blob (bucket postvault-blobs) is deleted only when no live message references it AND the
-- archive acknowledged (archive.stored) every removal that points at it. See io.postvault.protocol.blobgc.
--
-- Lock order: a delivery locks the blob row FIRST (before the domain_usage rows of V1), then keeps the lock until its
-- message rows commit; the collector locks the blob row (SKIP LOCKED) and decides in a later statement, so the two
-- never both believe they own the object.

-- One row per object in the bucket that the store knows of. A delivery upserts it (taking its row lock) and, under that
-- lock, re-checks that the object exists (re-uploading it if a collector deleted it meanwhile).
CREATE TABLE blob (
    blob_id     text        PRIMARY KEY CHECK (blob_id ~ '^[0-9a-f]{64}$'),
    -- Set when the blob may have become collectable (an acknowledgement arrived, a delivery filed nothing); the
    -- collector looks only at these rows and clears the flag when the blob is still needed.
    collectable boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX blob_collectable_idx ON blob (blob_id) WHERE collectable;

-- Every message.removed written to the outbox, until the archive acknowledges it (archive.stored.sourceEventId).
CREATE TABLE blob_removal (
    event_id   uuid        PRIMARY KEY,
    blob_id    text        NOT NULL,
    removed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX blob_removal_blob_idx ON blob_removal (blob_id);

-- The blobs of live messages delivered before this migration.
INSERT INTO blob (blob_id) SELECT DISTINCT blob_id FROM message ON CONFLICT DO NOTHING;
