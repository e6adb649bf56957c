-- Rights (RFC 4314 letters, canonical order lrswipkxtea) of a personal account on a shared account of its domain.
-- Either account deleted: its grants go with it.
CREATE TABLE shared_access (
    shared_account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    user_account_id   uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    rights            text NOT NULL CHECK (rights ~ '^l?r?s?w?i?p?k?x?t?e?a?$' AND rights <> ''),
    granted_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shared_account_id, user_account_id)
);
-- "Which shared accounts may this user see": read at every LIST/NAMESPACE.
CREATE INDEX shared_access_user_idx ON shared_access (user_account_id);
