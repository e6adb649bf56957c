-- Each replica keeps a whole index of its own (postvault.search.replica): an event it applied is recorded under its
-- name, so another replica still applies it to its own index. Rows recorded before replicas existed were the only
-- replica's, which keeps the default name.
ALTER TABLE processed_event ADD COLUMN replica text NOT NULL DEFAULT 'search-service-0';
ALTER TABLE processed_event ALTER COLUMN replica DROP DEFAULT;
ALTER TABLE processed_event DROP CONSTRAINT processed_event_pkey;
ALTER TABLE processed_event ADD PRIMARY KEY (replica, event_id);
