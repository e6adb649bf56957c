-- The live mail store of protocol-service (schema "protocol").
-- Lock order, everywhere a transaction takes several: domain_usage rows (by name), then per account (by id) its
-- folder rows and account_usage row, then the outbox key locks (taken by OutboxWriter). Keep it, or deadlock.

CREATE TABLE domain (
    name        text        PRIMARY KEY,
    quota_bytes bigint      NOT NULL CHECK (quota_bytes >= 0),
    state       text        NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'DELETING')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE account (
    id            uuid        PRIMARY KEY,
    domain        text        NOT NULL REFERENCES domain (name),
    local_part    text        NOT NULL,
    address       text        NOT NULL UNIQUE CHECK (address = lower(address)),
    kind          text        NOT NULL CHECK (kind IN ('PERSONAL', 'SHARED')),
    role          text        NOT NULL DEFAULT 'USER' CHECK (role IN ('USER', 'DOMAIN_ADMIN')),
    password_hash text,
    quota_bytes   bigint      CHECK (quota_bytes >= 0),
    state         text        NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'DELETING')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_domain_idx ON account (domain, local_part);

-- UIDVALIDITY values: never reused, so a folder deleted and created again under the same name gets a new one.
CREATE SEQUENCE folder_uid_validity_seq MINVALUE 1 MAXVALUE 4294967295;

CREATE TABLE folder (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     uuid        NOT NULL REFERENCES account (id),
    name           text        NOT NULL,
    special_use    text,
    uid_validity   bigint      NOT NULL CHECK (uid_validity > 0 AND uid_validity < 4294967296),
    uid_next       bigint      NOT NULL DEFAULT 1,
    highest_modseq bigint      NOT NULL DEFAULT 1,
    subscribed     boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, name)
);

CREATE TABLE message (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    folder_id      bigint      NOT NULL REFERENCES folder (id),
    account_id     uuid        NOT NULL REFERENCES account (id),
    uid            bigint      NOT NULL,
    modseq         bigint      NOT NULL,
    flags          text[]      NOT NULL DEFAULT '{}',
    internal_date  timestamptz NOT NULL,
    size           bigint      NOT NULL CHECK (size >= 0),
    blob_id        text        NOT NULL,
    -- Header summary (decoded), the fields events carry.
    hdr_from       text,
    hdr_to         text,
    hdr_cc         text,
    hdr_subject    text,
    hdr_message_id text,
    hdr_date       timestamptz,
    has_attachments boolean    NOT NULL DEFAULT false,
    -- Parse results cached for IMAP FETCH ENVELOPE / BODYSTRUCTURE (see mime.ParsedMessage).
    envelope       jsonb,
    body_structure jsonb,
    UNIQUE (folder_id, uid)
);
-- The last-copy rule (is there another live copy of this blob in the account?) and blob clean-up.
CREATE INDEX message_account_blob_idx ON message (account_id, blob_id);
CREATE INDEX message_blob_idx ON message (blob_id);

-- Exact occupied space (live messages, every folder), updated in the transaction of each delivery and removal.
CREATE TABLE account_usage (
    account_id     uuid   PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    occupied_bytes bigint NOT NULL DEFAULT 0 CHECK (occupied_bytes >= 0),
    message_count  bigint NOT NULL DEFAULT 0 CHECK (message_count >= 0)
);

CREATE TABLE domain_usage (
    domain         text   PRIMARY KEY REFERENCES domain (name) ON DELETE CASCADE,
    occupied_bytes bigint NOT NULL DEFAULT 0 CHECK (occupied_bytes >= 0),
    message_count  bigint NOT NULL DEFAULT 0 CHECK (message_count >= 0)
);

-- Transactional outbox: rows written with the change, relayed to Kafka in id order, deleted once acknowledged.
CREATE TABLE outbox (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   uuid        NOT NULL,
    topic      text        NOT NULL,
    event_key  text        NOT NULL,
    event_type text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Wakes the relay (LISTEN postvault_outbox) when a transaction that wrote to the outbox commits.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('postvault_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- POP3 maildrop lock: a lease, so it holds across replicas and expires when its holder dies.
CREATE TABLE maildrop_lease (
    account_id  uuid        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    holder      uuid        NOT NULL,
    acquired_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
