-- Blobs that a removal left without any live copy in the account while their message was archived already (a \Sent
-- copy of a submission the archive acknowledged long ago): no acknowledgement will ever mark them collectable, so the
-- removal queues them here, in its own transaction, for the collector to look at once it has committed.
--
-- A queue rather than setting blob.collectable: the removal holds the account's rows and must not wait for a blob row
-- (a delivery locks the blob row before the account's: a deadlock), and the mark it could only try with SKIP LOCKED was
-- lost when a collector round held the row meanwhile, decided "still referenced" from a snapshot taken before the
-- removal committed, and cleared the flag: the object stayed in S3 forever. An insert waits for no row.
CREATE TABLE blob_recheck (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    blob_id text NOT NULL
);
CREATE INDEX blob_recheck_blob_idx ON blob_recheck (blob_id);
