-- The archive: one row per archived message (entry), one row per distinct blob in the bucket postvault-archive
-- (content-addressed by SHA-256, reference-counted), and the events this service emits.

-- A blob of postvault-archive and the number of entries that reference it. A row whose refs fell to 0 marks an
-- object to delete: the deletion takes this row's lock, removes the S3 object, then deletes the row, so that an
-- archiving of the same blob (which takes the same lock before it checks for the object) never sees an object that is
-- about to go.
CREATE TABLE archive_blob (
    blob_id    text        PRIMARY KEY,
    size       bigint      NOT NULL CHECK (size >= 0),
    refs       integer     NOT NULL CHECK (refs >= 0),
    created_at timestamptz NOT NULL
);
CREATE INDEX archive_blob_unreferenced ON archive_blob (blob_id) WHERE refs = 0;

CREATE TABLE archive_entry (
    id              uuid        PRIMARY KEY,
    account_id      text        NOT NULL,
    address         text        NOT NULL,
    domain          text        NOT NULL,
    direction       text        NOT NULL CHECK (direction IN ('RECEIVED', 'SENT')),
    -- The folder the message was removed from; null for a message archived at submission.
    origin_folder   text,
    -- POP3_DELETE, IMAP_EXPUNGE, FOLDER_DELETED, ACCOUNT_DELETED, or SUBMITTED.
    reason          text        NOT NULL,
    removed_at      timestamptz NOT NULL,
    internal_date   timestamptz NOT NULL,
    size            bigint      NOT NULL CHECK (size >= 0),
    from_header     text,
    to_header       text,
    cc_header       text,
    subject         text,
    message_id      text,
    has_attachments boolean     NOT NULL,
    blob_id         text        NOT NULL REFERENCES archive_blob (blob_id),
    -- The message.removed or message.submitted event this entry comes from.
    source_event_id uuid        NOT NULL UNIQUE,
    archived_at     timestamptz NOT NULL
);
-- Listing an account, newest first (keyset pagination).
CREATE INDEX archive_entry_listing ON archive_entry (address, internal_date DESC, id DESC);
-- Eviction, oldest first, per account and per domain; totals.
CREATE INDEX archive_entry_account_age ON archive_entry (address, removed_at, internal_date, id);
CREATE INDEX archive_entry_domain_age ON archive_entry (domain, removed_at, internal_date, id);
CREATE INDEX archive_entry_blob ON archive_entry (blob_id);

-- Every event this service emits, written in the same transaction as the change it reports and published after the
-- commit. cause_id is the consumed event it answers (null for a REST deletion or the retention job): a redelivered
-- event re-publishes these same events, with the same ids, instead of computing new ones. Rows not yet marked sent
-- are re-published by the relay (OutgoingEventRelay).
CREATE TABLE outgoing_event (
    event_id   uuid        PRIMARY KEY,
    cause_id   uuid,
    record_key text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outgoing_event_cause ON outgoing_event (cause_id) WHERE cause_id IS NOT NULL;
CREATE INDEX outgoing_event_unsent ON outgoing_event (created_at) WHERE sent_at IS NULL;

-- Dead letters an operator re-published to their origin topic (the dead-letter topic itself is an append-only log).
CREATE TABLE dead_letter_retry (
    dlq_partition integer     NOT NULL,
    dlq_offset    bigint      NOT NULL,
    retried_at    timestamptz NOT NULL,
    PRIMARY KEY (dlq_partition, dlq_offset)
);
