-- The registry's tables, with the original registry's column names so its data maps over.
CREATE TABLE graph_tables (
    id               text        PRIMARY KEY,
    graph_id         text        NOT NULL,
    table_name       text        NOT NULL,
    table_type       text        NOT NULL CHECK (table_type IN ('node', 'relationship', 'plain')),
    schema_json      jsonb,
    row_count        bigint      NOT NULL DEFAULT 0 CHECK (row_count >= 0),
    file_count       bigint      NOT NULL DEFAULT 0 CHECK (file_count >= 0),
    total_size_bytes bigint      NOT NULL DEFAULT 0 CHECK (total_size_bytes >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT graph_tables_graph_table_unique UNIQUE (graph_id, table_name)
);

CREATE TABLE graph_files (
    id                text        PRIMARY KEY,
    graph_id          text        NOT NULL,
    table_id          text        NOT NULL REFERENCES graph_tables (id) ON DELETE CASCADE,
    file_name         text        NOT NULL,
    s3_key            text        NOT NULL,
    file_format       text        NOT NULL DEFAULT 'parquet',
    file_size_bytes   bigint      NOT NULL DEFAULT 0 CHECK (file_size_bytes >= 0),
    row_count         bigint      CHECK (row_count >= 0),
    upload_status     text        NOT NULL DEFAULT 'pending'
                                  CHECK (upload_status IN ('pending', 'uploading', 'completed', 'failed')),
    upload_method     text,
    duckdb_status     text        NOT NULL DEFAULT 'pending' CHECK (duckdb_status IN ('pending', 'staged', 'failed')),
    duckdb_row_count  bigint      CHECK (duckdb_row_count >= 0),
    duckdb_staged_at  timestamptz,
    graph_status      text        NOT NULL DEFAULT 'pending' CHECK (graph_status IN ('pending', 'ingested', 'failed')),
    graph_ingested_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    uploaded_at       timestamptz
);

-- Listing a table's files in id (= creation) order, and marking files of a graph.
CREATE INDEX graph_files_table_id_idx ON graph_files (table_id, id);
CREATE INDEX graph_files_graph_id_idx ON graph_files (graph_id);
