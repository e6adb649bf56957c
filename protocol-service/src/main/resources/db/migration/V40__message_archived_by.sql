-- A live message that the archive keeps already: the \Sent copy of an SMTP submission, archived from its
-- message.submitted, and the copies made of it within the account (IMAP COPY; a MOVE keeps the row). archived_by is
-- that event's id. store.pg.MessageRemoval never archives such a row again (message.copy-removed: quota and search
-- drop the live copy), and such a row is no "live copy left" for the last-copy rule of the account's other rows of the
-- same blob: the same bytes delivered by LMTP are another message, archived when their own last copy goes.
-- NULL for everything else (delivered, appended, restored). A nullable column without a default rewrites no row.
ALTER TABLE message ADD COLUMN archived_by uuid;
