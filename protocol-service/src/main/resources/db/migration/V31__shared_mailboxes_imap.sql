-- The IMAP side of shared accounts (issue 9): what is private to each user on a shared account's folders.

-- \Seen on a shared account's messages is per user (as Dovecot's INDEXPVT, Cyrus's shared seen state): a row = this
-- user has seen this message. Other flags stay on the message row, shared by every user. A MOVE keeps the message
-- row and so its rows here; an expunge takes them along.
CREATE TABLE seen_message (
    message_id      bigint NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    user_account_id uuid   NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, user_account_id)
);
CREATE INDEX seen_message_user_idx ON seen_message (user_account_id);

-- A user's subscriptions to folders of shared accounts (the folder row's own flag is the owner's, here nobody's).
CREATE TABLE shared_subscription (
    user_account_id uuid   NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    folder_id       bigint NOT NULL REFERENCES folder (id) ON DELETE CASCADE,
    PRIMARY KEY (user_account_id, folder_id)
);
CREATE INDEX shared_subscription_folder_idx ON shared_subscription (folder_id);
