-- The raw header block of each message (its bytes up to and including the blank line, see mime.HeaderBlock), kept at
-- delivery so IMAP FETCH BODY[HEADER], BODY[HEADER.FIELDS (...)] and RFC822.HEADER never read the blob. NULL for rows
-- stored before this column existed and for headers above HeaderBlock.MAX_BYTES: those are cut from the blob.
ALTER TABLE message ADD COLUMN header_block bytea;
