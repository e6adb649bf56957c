-- The raw header block of each message (its bytes up to and including the blank line, see mime.HeaderBlock), kept at
-- delivery so IMAP FETCH BODY[HEADER], BODY[HEADER.FIELDS (...)] and RFC822.HEADER never read the blob. NULL for rows
-- stored before this column existed and for headers above HeaderBlock.MAX_BYTES: those are cut from the blob.
ALTER TABLE message ADD COLUMN header_block bytea;

-- The keywords (flags not starting with a backslash) ever set on a message of each folder, for the FLAGS and
-- PERMANENTFLAGS of SELECT (RFC 3501 section 7.2.6 allows flags no message carries any more): reading them from the
-- messages scanned the whole folder at every SELECT (200 ms for 100,000 messages). Kept by a statement-level trigger,
-- so every writer (delivery, APPEND, STORE, COPY, MOVE) is covered; each of them already holds the folder row's lock.
-- (The scan it replaces tested NOT LIKE '\%', in which the backslash escapes the %: system flags such as \Seen were
-- announced as keywords.)
ALTER TABLE folder ADD COLUMN keywords text[] NOT NULL DEFAULT '{}';
UPDATE folder f SET keywords = k.keywords
FROM (SELECT m.folder_id, array_agg(DISTINCT k ORDER BY k) AS keywords FROM message m, unnest(m.flags) k
      WHERE left(k, 1) <> '\' GROUP BY m.folder_id) k
WHERE f.id = k.folder_id;

CREATE FUNCTION folder_keywords_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE folder f SET keywords = ARRAY(SELECT DISTINCT k FROM unnest(f.keywords || n.keywords) k ORDER BY k)
    FROM (SELECT folder_id, array_agg(DISTINCT k) AS keywords FROM new_rows, unnest(flags) k
          WHERE left(k, 1) <> '\' GROUP BY folder_id) n
    WHERE f.id = n.folder_id AND NOT f.keywords @> n.keywords;
    RETURN NULL;
END
$$;
CREATE TRIGGER message_inserted_keywords AFTER INSERT ON message REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION folder_keywords_add();
CREATE TRIGGER message_updated_keywords AFTER UPDATE ON message REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION folder_keywords_add();

-- What SELECT, FETCH of flags and metadata (FETCH 1:* (FLAGS), FAST) and flag SEARCHes read of every message of a
-- folder, in an index they can answer from alone (index-only scans): the message rows themselves are wide (envelope,
-- body structure, header block), and scanning them was most of the time of those commands on a 100,000-message
-- folder (bench/run-mail-bench, phase bigfolder).
CREATE INDEX message_folder_meta_idx ON message (folder_id, uid) INCLUDE (modseq, flags, internal_date, size, blob_id);
