-- QRESYNC (RFC 7162 section 3.2): the UIDs that left a folder, with the MODSEQ of their departure, so that a client can
-- be told what vanished since the MODSEQ it last saw (SELECT ... QRESYNC, UID FETCH ... VANISHED). Filled by triggers,
-- so every writer is covered (IMAP EXPUNGE and MOVE, POP3, account deletion) without its cooperation. Each statement
-- that removes messages takes the next MODSEQ of their folders: clients that cached HIGHESTMODSEQ see a change.
-- Rows go with their folder. Folder rows are locked in id order (the lock order of V1__mail_store.sql).
CREATE TABLE vanished_message (
    folder_id bigint NOT NULL REFERENCES folder (id) ON DELETE CASCADE,
    uid       bigint NOT NULL,
    modseq    bigint NOT NULL,
    PRIMARY KEY (folder_id, uid)
);
CREATE INDEX vanished_message_modseq_idx ON vanished_message (folder_id, modseq);

CREATE FUNCTION message_deleted_vanished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH locked AS (
        SELECT id FROM folder WHERE id IN (SELECT folder_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE),
    bumped AS (
        UPDATE folder f SET highest_modseq = f.highest_modseq + 1 FROM locked l WHERE f.id = l.id
        RETURNING f.id, f.highest_modseq)
    INSERT INTO vanished_message (folder_id, uid, modseq)
    SELECT o.folder_id, o.uid, b.highest_modseq FROM old_rows o JOIN bumped b ON b.id = o.folder_id
    ON CONFLICT (folder_id, uid) DO UPDATE SET modseq = excluded.modseq;
    RETURN NULL;
END
$$;
CREATE TRIGGER message_deleted_vanished AFTER DELETE ON message REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION message_deleted_vanished();

-- A MOVE updates the row's folder and UID (a move into the same folder only its UID): the old UID vanished.
CREATE FUNCTION message_moved_vanished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (
        SELECT o.folder_id, o.uid FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (n.folder_id, n.uid) IS DISTINCT FROM (o.folder_id, o.uid)),
    locked AS (
        SELECT id FROM folder WHERE id IN (SELECT folder_id FROM gone) ORDER BY id FOR NO KEY UPDATE),
    bumped AS (
        UPDATE folder f SET highest_modseq = f.highest_modseq + 1 FROM locked l WHERE f.id = l.id
        RETURNING f.id, f.highest_modseq)
    INSERT INTO vanished_message (folder_id, uid, modseq)
    SELECT g.folder_id, g.uid, b.highest_modseq FROM gone g JOIN bumped b ON b.id = g.folder_id
    ON CONFLICT (folder_id, uid) DO UPDATE SET modseq = excluded.modseq;
    RETURN NULL;
END
$$;
CREATE TRIGGER message_moved_vanished AFTER UPDATE ON message REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION message_moved_vanished();
