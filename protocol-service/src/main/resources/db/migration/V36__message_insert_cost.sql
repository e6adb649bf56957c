-- Less work per message row inserted (every LMTP delivery, APPEND and COPY), measured with pg_stat_statements under
-- bench/run-mail-bench:
--
-- 1. One index on (folder_id, uid) instead of two: the UNIQUE constraint of V1 and the covering index of V33 had the
--    same key, and every insert wrote both. A unique index may carry INCLUDE columns, so one index now gives both the
--    uniqueness and the index-only reads of SELECT / FETCH (FLAGS) / flag SEARCH.
CREATE UNIQUE INDEX message_folder_uid_idx ON message (folder_id, uid)
    INCLUDE (modseq, flags, internal_date, size, blob_id);
ALTER TABLE message DROP CONSTRAINT message_folder_id_uid_key;
DROP INDEX message_folder_meta_idx;

-- 2. The folder's keywords (V33) are kept on insert by a row trigger that fires only for a row with flags, instead of a
--    statement trigger that ran its UPDATE for every insert: a delivered message has no flags, so a delivery no longer
--    calls it. Updates (STORE) keep the statement trigger of V33.
CREATE FUNCTION folder_keywords_add_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE folder f SET keywords = ARRAY(SELECT DISTINCT k FROM unnest(f.keywords || n.keywords) k ORDER BY k)
    FROM (SELECT array_agg(DISTINCT k) AS keywords FROM unnest(NEW.flags) k WHERE left(k, 1) <> '\') n
    WHERE f.id = NEW.folder_id AND n.keywords IS NOT NULL AND NOT f.keywords @> n.keywords;
    RETURN NULL;
END
$$;
DROP TRIGGER message_inserted_keywords ON message;
CREATE TRIGGER message_inserted_keywords AFTER INSERT ON message
    FOR EACH ROW WHEN (NEW.flags <> '{}') EXECUTE FUNCTION folder_keywords_add_row();
