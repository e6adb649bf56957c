-- Appends made through the internal REST API with an Idempotency-Key (archive restore): the first result per key,
-- written in the transaction of the append itself, so that a retried request never appends twice, even when the
-- first attempt's reply was lost or the service died between the commit and the reply.
CREATE TABLE rest_append (
    account_id      uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    idempotency_key text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    folder          text        NOT NULL,
    uid_validity    bigint      NOT NULL,
    uid             bigint      NOT NULL,
    blob_id         text        NOT NULL,
    size            bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, idempotency_key)
);

-- The live listing (GET /internal/accounts/{address}/messages) walks an account's messages by id.
CREATE INDEX message_account_id_idx ON message (account_id, id);
