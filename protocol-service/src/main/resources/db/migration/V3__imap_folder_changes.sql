-- IMAP sessions on every replica learn that a folder changed (new message, flags, expunge, move, rename, deletion)
-- through LISTEN postvault_folder: the payload is the folder id. Statement-level triggers with transition tables, so
-- a change of many rows notifies once per folder; PostgreSQL folds equal notifications of one transaction and sends
-- them at commit only. Every writer is covered (LMTP delivery, POP3, IMAP, account deletion) without its cooperation.
CREATE FUNCTION folder_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
        PERFORM pg_notify('postvault_folder', folder_id::text) FROM (SELECT DISTINCT folder_id FROM new_rows) n;
    END IF;
    IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
        PERFORM pg_notify('postvault_folder', folder_id::text) FROM (SELECT DISTINCT folder_id FROM old_rows) o;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER message_inserted_notify AFTER INSERT ON message REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION folder_changes_notify();
CREATE TRIGGER message_updated_notify AFTER UPDATE ON message REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION folder_changes_notify();
CREATE TRIGGER message_deleted_notify AFTER DELETE ON message REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION folder_changes_notify();

CREATE FUNCTION folder_renamed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- renames and deletions only: counters (uid_next, highest_modseq) change with message rows, which notify already
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('postvault_folder', id::text) FROM old_rows;
    ELSE
        PERFORM pg_notify('postvault_folder', o.id::text) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.name IS DISTINCT FROM o.name;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER folder_renamed_notify AFTER UPDATE ON folder REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION folder_renamed_notify();
CREATE TRIGGER folder_deleted_notify AFTER DELETE ON folder REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION folder_renamed_notify();
