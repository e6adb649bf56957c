-- The progress of each long task (a reindex) as the replica running it last wrote it, as the API shows it (JSON):
-- every replica answers GET /internal/tasks/{id}, whichever replica the caller reaches.
CREATE TABLE task_progress (
    id         uuid        PRIMARY KEY,
    replica    text        NOT NULL,
    view       text        NOT NULL,
    updated_at timestamptz NOT NULL
);
