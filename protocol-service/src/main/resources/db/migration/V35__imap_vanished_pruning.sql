-- QRESYNC's record of expunged UIDs (V10__imap_vanished.sql) is kept for a bounded time and number per folder
-- (store.pg.VanishedPruning). vanished_pruned_modseq is the highest MODSEQ whose removals may have been forgotten: every
-- removal with a MODSEQ above it still has its row, so a client that knows a MODSEQ at least this high gets an exact
-- VANISHED (EARLIER); an older one gets every UID of its known set that is no longer in the folder (RFC 7162 3.2.5).
ALTER TABLE folder ADD COLUMN vanished_pruned_modseq bigint NOT NULL DEFAULT 0;
ALTER TABLE vanished_message ADD COLUMN removed_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX vanished_message_removed_at_idx ON vanished_message (removed_at);
