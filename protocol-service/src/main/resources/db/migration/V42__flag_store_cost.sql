-- Less PostgreSQL work per flag change (IMAP STORE, FETCH that sets \Seen), expunge and append, measured with
-- pg_stat_statements and perf under bench/run-mail-bench (docs/benchmarks.md): every UPDATE of message rows fired three
-- statement-level triggers with transition tables (V3 notify, V10 moved-vanished, V33 keywords), and every UPDATE of a
-- folder row one more (V3 rename notify): each copied the rows into tuplestores and ran its plpgsql and queries, five
-- statements per STORE that found nothing to do for a flag change. PostgreSQL allows a column list or a WHEN condition
-- only on triggers without transition tables, so each trigger now fires for the rows it concerns and costs nothing
-- otherwise.

-- 1. Notifications (LISTEN postvault_folder, see V3) come from the folder row. Every change to a folder's messages
--    moves the folder's counters in the same transaction: a new message raises uid_next (delivery, APPEND, COPY, MOVE
--    target), a flag change or a removal raises highest_modseq (STORE's own update, V10's trigger for removals and
--    moves). That is also all a session reads to learn of changes (ImapMessages.changes reads the counters first, and
--    flag changes only when highest_modseq moved), so a change that did not move them would be invisible whether
--    notified or not: notifying on the counters covers every writer the readers can see, without its cooperation.
--    One pg_notify per changed folder row (PostgreSQL folds equal notifications of a transaction and sends them at
--    commit), none for a folder row update that changes no counter or name (\Recent claim, subscription, pruning mark).
DROP TRIGGER message_inserted_notify ON message;
DROP TRIGGER message_updated_notify ON message;
DROP TRIGGER message_deleted_notify ON message;
DROP FUNCTION folder_changes_notify();
DROP TRIGGER folder_renamed_notify ON folder;

CREATE FUNCTION folder_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('postvault_folder', NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER folder_changed_notify AFTER UPDATE OF uid_next, highest_modseq, name ON folder FOR EACH ROW
    WHEN (NEW.uid_next <> OLD.uid_next OR NEW.highest_modseq <> OLD.highest_modseq OR NEW.name <> OLD.name)
    EXECUTE FUNCTION folder_changed_notify();
-- (folder_deleted_notify of V3 stays: a folder deletion is rare, and its statement trigger notifies for every row.)

-- 2. A MOVE (the row's folder_id or uid changes) records the old UID as vanished (V10). IMAP MOVE, the one writer that
--    moves rows, records its UIDs itself, with one new MODSEQ of the source folder for all of them, in the round trip
--    of its UPDATE (PgImapMessages.copy). This row trigger keeps every other writer covered without its cooperation:
--    for a moved row whose old UID is not recorded it records it, raising the source folder's MODSEQ (one per row,
--    not per statement, and folder rows locked in the order of the rows: a fallback, not a path to use). A UID is never
--    reused in a folder, so a row for (folder, old UID) can only be this move's. A flag change fires nothing.
DROP TRIGGER message_moved_vanished ON message;
DROP FUNCTION message_moved_vanished();
CREATE FUNCTION message_moved_vanished_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM vanished_message WHERE folder_id = OLD.folder_id AND uid = OLD.uid) THEN
        WITH bumped AS (
            UPDATE folder SET highest_modseq = highest_modseq + 1 WHERE id = OLD.folder_id RETURNING highest_modseq)
        INSERT INTO vanished_message (folder_id, uid, modseq)
        SELECT OLD.folder_id, OLD.uid, b.highest_modseq FROM bumped b;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER message_moved_vanished AFTER UPDATE OF folder_id, uid ON message FOR EACH ROW
    WHEN (NEW.folder_id <> OLD.folder_id OR NEW.uid <> OLD.uid)
    EXECUTE FUNCTION message_moved_vanished_row();

-- 3. The folder's keywords (V33) on update: the row trigger of inserts (V36's folder_keywords_add_row), fired only for
--    a row that gained a flag or changed folder and carries a flag other than the system flags (a keyword, or an
--    unknown \-flag, which the function ignores): clearing any flag, or setting \Seen, \Flagged, \Deleted, \Answered or
--    \Draft on a message without keywords, fires nothing. A STORE of a keyword on many messages runs it per row; all
--    but the first find the keyword there already.
DROP TRIGGER message_updated_keywords ON message;
DROP FUNCTION folder_keywords_add();
CREATE TRIGGER message_updated_keywords AFTER UPDATE OF flags, folder_id ON message FOR EACH ROW
    WHEN ((NOT OLD.flags @> NEW.flags OR NEW.folder_id <> OLD.folder_id)
          AND NOT NEW.flags <@ ARRAY['\Answered', '\Deleted', '\Draft', '\Flagged', '\Seen'])
    EXECUTE FUNCTION folder_keywords_add_row();
