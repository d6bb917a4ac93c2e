-- Tasks: long work that outlives its request. Times are the database's clock (one clock for every
-- process sharing the registry); statuses and units are the core's lowercase wire names.
CREATE TABLE tasks (
    task_id          text        PRIMARY KEY,
    task_type        text        NOT NULL
                                 CHECK (task_type IN ('create', 'append', 'refresh', 'materialize', 'materialize_graph')),
    graph_id         text        NOT NULL,
    table_name       text,
    status           text        NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    request          text        NOT NULL,
    result           text,
    error_code       text,
    error_detail     text,
    progress_phase   text,
    progress_done    bigint      CHECK (progress_done >= 0),
    progress_total   bigint      CHECK (progress_total >= 0),
    progress_unit    text        CHECK (progress_unit IN ('objects', 'bytes', 'rows', 'tables')),
    owner            text        NOT NULL,
    lease_expires_at timestamptz NOT NULL,
    cancel_requested boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    CONSTRAINT tasks_table_fits_type CHECK ((table_name IS NULL) = (task_type = 'materialize_graph')),
    CONSTRAINT tasks_error_whole CHECK ((error_code IS NULL) = (error_detail IS NULL)),
    CONSTRAINT tasks_progress_whole CHECK ((progress_phase IS NULL) = (progress_unit IS NULL)
                                           AND (progress_phase IS NULL) = (progress_done IS NULL)),
    CONSTRAINT tasks_ended_when_finished CHECK ((completed_at IS NULL) = (status IN ('pending', 'running'))),
    CONSTRAINT tasks_started_when_running CHECK (status <> 'running' OR started_at IS NOT NULL)
);

-- Listing newest first: all tasks, a graph's, a status's.
CREATE INDEX tasks_newest_idx ON tasks (created_at DESC, task_id DESC);
CREATE INDEX tasks_graph_newest_idx ON tasks (graph_id, created_at DESC, task_id DESC);
CREATE INDEX tasks_status_newest_idx ON tasks (status, created_at DESC, task_id DESC);
-- Unfinished tasks only, a few among many ended ones: per-graph queue counts, an owner's renewal, expiry.
CREATE INDEX tasks_unfinished_graph_idx ON tasks (graph_id) WHERE status IN ('pending', 'running');
CREATE INDEX tasks_unfinished_owner_idx ON tasks (owner) WHERE status IN ('pending', 'running');
CREATE INDEX tasks_unfinished_lease_idx ON tasks (lease_expires_at) WHERE status IN ('pending', 'running');
