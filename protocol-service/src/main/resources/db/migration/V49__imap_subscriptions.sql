-- IMAP subscriptions are names, not a flag of a folder row: RFC 3501 section 6.3.6 says the server MUST NOT remove a
-- name from the subscriptions because its mailbox is gone, and a client may subscribe to a name before its mailbox
-- exists. LSUB and LIST (SUBSCRIBED) show such names (\NonExistent, RFC 5258 section 3.4). A RENAME moves the
-- subscriptions of the folders it renames. Subscriptions to a shared account's folders stay in shared_subscription.
CREATE TABLE subscription (
    account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name       text NOT NULL,
    PRIMARY KEY (account_id, name)
);

INSERT INTO subscription (account_id, name) SELECT account_id, name FROM folder WHERE subscribed;

ALTER TABLE folder DROP COLUMN subscribed;
