-- Fills a folder of a PostVault account up to :count messages by cloning the rows already in it (the template messages
-- that `MailBench bigfolder --mode prepare` appended over IMAP): every row is a realistic one (a real blob, envelope,
-- body structure and header block, a distinct subject and internal date) without 100,000 deliveries. Flags as the
-- Dovecot maildir of the same benchmark: 1 message in 50 unseen, 1 in 7 also \Flagged. UIDNEXT, HIGHESTMODSEQ and the
-- occupied-space counters stay exact. Used by bench/run-mail-bench (phase bigfolder):
--   psql -v address=bench1@bench.test -v folder=Big -v count=100000 -f bench/big-folder.sql
\set ON_ERROR_STOP on
-- the triggers of the message table (V3, V10, V33) name their tables unqualified, as the service's connections see them
SET search_path = protocol;
BEGIN;
CREATE TEMP TABLE big_template ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY m.uid) - 1 AS n, m.*, a.domain
FROM protocol.message m JOIN protocol.folder f ON f.id = m.folder_id JOIN protocol.account a ON a.id = f.account_id
WHERE a.address = :'address' AND f.name = :'folder';
SELECT count(*) AS templates FROM big_template \gset
SELECT f.id AS folder_id, f.uid_next, f.highest_modseq
FROM protocol.folder f JOIN protocol.account a ON a.id = f.account_id
WHERE a.address = :'address' AND f.name = :'folder' FOR NO KEY UPDATE OF f \gset
SELECT account_id, domain FROM big_template LIMIT 1 \gset
WITH cloned AS (
    INSERT INTO protocol.message (folder_id, account_id, uid, modseq, flags, internal_date, size, blob_id, hdr_from,
        hdr_to, hdr_cc, hdr_subject, hdr_message_id, hdr_date, has_attachments, envelope, body_structure, header_block)
    SELECT t.folder_id, t.account_id, :uid_next + g - 1, :highest_modseq + g,
        CASE WHEN (g + :templates) % 50 = 0 THEN ARRAY[]::text[]
             WHEN (g + :templates) % 7 = 0 THEN ARRAY['\Flagged', '\Seen'] ELSE ARRAY['\Seen'] END,
        t.internal_date - make_interval(mins => :count - g), t.size, t.blob_id, t.hdr_from, t.hdr_to, t.hdr_cc,
        t.hdr_subject || ' #' || g, '<' || g || '.' || t.hdr_message_id, t.hdr_date, t.has_attachments, t.envelope,
        t.body_structure, t.header_block
    FROM generate_series(1, :count - :templates) g JOIN big_template t ON t.n = g % :templates
    RETURNING size
), added AS (SELECT count(*) AS messages, sum(size) AS bytes FROM cloned
), account AS (
    UPDATE protocol.account_usage u SET occupied_bytes = occupied_bytes + added.bytes,
        message_count = message_count + added.messages FROM added WHERE u.account_id = :'account_id'
)
-- the account's stripe of its domain's usage (V44: the last hex digit of the account id)
UPDATE protocol.domain_usage d SET occupied_bytes = occupied_bytes + added.bytes,
    message_count = message_count + added.messages FROM added
WHERE d.domain = :'domain' AND d.stripe = ('x' || right(:'account_id', 1))::bit(4)::int;
UPDATE protocol.folder SET uid_next = :uid_next + :count - :templates,
    highest_modseq = :highest_modseq + :count - :templates WHERE id = :folder_id;
COMMIT;
VACUUM ANALYZE protocol.message;
