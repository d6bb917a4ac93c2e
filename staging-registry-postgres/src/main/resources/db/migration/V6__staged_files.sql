-- Files a create or append staged directly (POST /tables, /files) are registered too, so that a
-- node taking a graph over rebuilds their table. Such a file's rows carry the tag it was staged
-- with (staging_file_id; NULL: tagged by its URI) instead of its registry id.
ALTER TABLE graph_files ADD COLUMN staged_directly boolean NOT NULL DEFAULT false;
ALTER TABLE graph_files ADD COLUMN staging_file_id text;
