-- The usage ledger: one row per domain and per account, occupied and archives, bytes and counts, updated from the
-- event stream in the transaction that records the event in processed_event. The plan lives on the same row:
-- quota_bytes is the domain's plan quota or the account's cap (null: no cap, or the domain's plan not yet known).
-- Lock order, everywhere a transaction takes several rows: the DOMAIN row, then ACCOUNT rows. Keep it, or deadlock.
CREATE TABLE usage_ledger (
    scope                    text        NOT NULL CHECK (scope IN ('DOMAIN', 'ACCOUNT')),
    -- The domain name, or the account id (the key of the mail and archive topics).
    scope_key                text        NOT NULL,
    domain                   text        NOT NULL,
    address                  text,
    quota_bytes              bigint      CHECK (quota_bytes >= 0),
    occupied_bytes           bigint      NOT NULL DEFAULT 0,
    occupied_count           bigint      NOT NULL DEFAULT 0,
    archive_bytes            bigint      NOT NULL DEFAULT 0,
    archive_count            bigint      NOT NULL DEFAULT 0,
    deleted                  boolean     NOT NULL DEFAULT false,
    -- The open eviction episode: the request sent, the bytes it asked for, and those the archive reported freed.
    eviction_request_id      uuid,
    eviction_requested_bytes bigint,
    eviction_freed_bytes     bigint,
    eviction_requested_at    timestamptz,
    updated_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, scope_key)
);
CREATE INDEX usage_ledger_domain_idx ON usage_ledger (domain, scope);
CREATE UNIQUE INDEX usage_ledger_request_idx ON usage_ledger (eviction_request_id);

-- Pairs each archive entry with the event that sent it to the archive (message.removed or message.submitted), as the
-- two arrive on different topics in either order. Archives grow when both halves have been seen (state COUNTED);
-- an archive.stored whose source is not seen yet waits (PENDING), so a message is never counted both as occupied
-- and as archived. GONE: the entry was evicted or deleted before its source arrived; the source then moves nothing
-- into archives.
CREATE TABLE archive_transfer (
    source_event_id uuid        PRIMARY KEY,
    account_id      text        NOT NULL,
    domain          text        NOT NULL,
    archive_id      uuid        UNIQUE,
    size            bigint,
    source_seen     boolean     NOT NULL DEFAULT false,
    stored_seen     boolean     NOT NULL DEFAULT false,
    state           text        NOT NULL CHECK (state IN ('PENDING', 'COUNTED', 'GONE')),
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Events this service emits, recorded in the transaction of the decision they report (an outbox), published after
-- the commit and marked sent; a relay re-publishes those the broker never confirmed.
CREATE TABLE outgoing_event (
    event_id   uuid        PRIMARY KEY,
    record_key text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outgoing_event_unsent_idx ON outgoing_event (created_at) WHERE sent_at IS NULL;

-- The nightly gauge: one row per scope and day (a rerun the same day replaces it), with the drift it corrected.
CREATE TABLE usage_snapshot (
    day             date        NOT NULL,
    scope           text        NOT NULL,
    scope_key       text        NOT NULL,
    domain          text        NOT NULL,
    address         text,
    quota_bytes     bigint,
    occupied_bytes  bigint      NOT NULL,
    occupied_count  bigint      NOT NULL,
    archive_bytes   bigint      NOT NULL,
    archive_count   bigint      NOT NULL,
    occupied_drift  bigint      NOT NULL,
    archive_drift   bigint      NOT NULL,
    taken_at        timestamptz NOT NULL,
    PRIMARY KEY (scope, scope_key, day)
);
CREATE INDEX usage_snapshot_domain_idx ON usage_snapshot (domain, day);

-- Runs of the gauge job, so that a night missed while the service was down is caught up on start.
CREATE TABLE gauge_run (
    scheduled_for timestamptz PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz
);
