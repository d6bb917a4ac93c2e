-- A table holds each object (s3_key) once. Releases before this one registered an object as often
-- as it was posted; their duplicates are moved aside here, not deleted, and the start never fails:
-- per (table_id, s3_key) the oldest registration whose upload completed stays (else the oldest,
-- ids being time-ordered), every other one moves to graph_files_duplicates with the id it duplicates.
CREATE TABLE graph_files_duplicates (
    LIKE graph_files INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    duplicate_of text        NOT NULL,
    moved_at     timestamptz NOT NULL DEFAULT now()
);

WITH ranked AS (
    SELECT id, first_value(id) OVER (PARTITION BY table_id, s3_key
                                     ORDER BY (upload_status = 'completed') DESC, id) AS kept
    FROM graph_files
), moved AS (
    DELETE FROM graph_files f USING ranked r
    WHERE f.id = r.id AND r.id <> r.kept
    RETURNING f.*, r.kept
)
INSERT INTO graph_files_duplicates SELECT * FROM moved;

-- The tables that lost rows count what they still hold.
UPDATE graph_tables t
SET file_count = c.files, total_size_bytes = c.bytes, updated_at = now()
FROM (SELECT table_id, count(*) AS files, coalesce(sum(file_size_bytes), 0) AS bytes
      FROM graph_files GROUP BY table_id) c
WHERE c.table_id = t.id AND t.id IN (SELECT table_id FROM graph_files_duplicates);

CREATE UNIQUE INDEX graph_files_table_object_unique ON graph_files (table_id, s3_key);
