-- The relay queue of SMTP submission (io.postvault.protocol.submission): every accepted message gets its row in the
-- same transaction as its message.submitted event, and keeps it until the smarthost took it (RELAYED) or it was given
-- up (FAILED, bounced to the sender). Done rows stay for a while: they count for the messages-per-hour limit.
--
-- A relay attempt claims a row with a lease (lease_until): replicas skip leased rows, and the rows of a crashed replica
-- are retried when the lease runs out. The blob of a QUEUED row is kept by the blob collector (blobgc.BlobCollector).
CREATE TABLE submission_queue (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The message.submitted event written with this row (its archive acknowledgement clears blob_removal).
    event_id        uuid        NOT NULL UNIQUE,
    account_id      uuid        NOT NULL,
    address         text        NOT NULL,
    domain          text        NOT NULL,
    envelope_from   text        NOT NULL,
    recipients      text[]      NOT NULL CHECK (cardinality(recipients) > 0),
    blob_id         text        NOT NULL CHECK (blob_id ~ '^[0-9a-f]{64}$'),
    size            bigint      NOT NULL CHECK (size >= 0),
    submitted_at    timestamptz NOT NULL DEFAULT now(),
    state           text        NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'RELAYED', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    -- The smarthost's last reply (or the connection error), for operators.
    last_reply      text,
    finished_at     timestamptz
);
CREATE INDEX submission_queue_due_idx ON submission_queue (next_attempt_at) WHERE state = 'QUEUED';
CREATE INDEX submission_queue_account_idx ON submission_queue (account_id, submitted_at);
CREATE INDEX submission_queue_blob_idx ON submission_queue (blob_id) WHERE state = 'QUEUED';
CREATE INDEX submission_queue_finished_idx ON submission_queue (finished_at) WHERE state <> 'QUEUED';

-- Per-account submission settings. copy_to_sent: also file each submitted message into the account's \Sent folder
-- (off by default: most clients APPEND their own copy).
CREATE TABLE submission_setting (
    account_id   uuid    PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    copy_to_sent boolean NOT NULL DEFAULT false
);
