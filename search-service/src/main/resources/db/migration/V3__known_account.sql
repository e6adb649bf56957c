-- Every account this service has read an event of (archive entries outlive their account, so rows are never removed):
-- the accounts a reindex asks protocol-service and archive-service about, with the domains whose accounts it lists.
CREATE TABLE known_account (
    address text        PRIMARY KEY,
    domain  text        NOT NULL,
    seen_at timestamptz NOT NULL
);
