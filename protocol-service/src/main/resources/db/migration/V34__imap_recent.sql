-- RFC 3501 \Recent: a message is recent in exactly one session, the first that selects its folder after it arrived.
-- recent_uid is the first UID no session has been told of as recent yet; SELECT (and a selected session that learns of
-- new messages) moves it to the folder's uid_next in one statement, so the claim holds across sessions and replicas.
-- EXAMINE and STATUS only read it. Messages already stored count as seen by someone (nobody claims them after this).
ALTER TABLE folder ADD COLUMN recent_uid bigint NOT NULL DEFAULT 1;
UPDATE folder SET recent_uid = uid_next;
