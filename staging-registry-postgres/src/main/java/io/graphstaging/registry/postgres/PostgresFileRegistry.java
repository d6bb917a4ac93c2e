package io.graphstaging.registry.postgres;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link FileRegistry} on PostgreSQL through Jdbi. Every value is a bound parameter; statuses
 * are stored as their lowercase wire names (the schema CHECKs them). Each method runs in one
 * transaction; Jdbi and JDBC failures leave as {@code REGISTRY_FAILED}.
 */
public final class PostgresFileRegistry implements FileRegistry {
    /** SET clause of a file no staging table holds (binds {@code :pending}). */
    private static final String NOT_STAGED = "duckdb_status = :pending, duckdb_row_count = NULL, duckdb_staged_at = NULL";

    private final RegistryDatabase database;
    private final SortableIds ids;

    public PostgresFileRegistry(RegistryDatabase database, SortableIds ids) {
        this.database = database;
        this.ids = ids;
    }

    @Override
    public Registration registerTable(GraphId graph, TableName table, TableKind type) {
        return database.inTransaction("registering table " + table + " of graph " + graph, h -> {
            Optional<RegistryTable> created = h.createQuery("INSERT INTO graph_tables (id, graph_id, table_name, table_type) "
                            + "VALUES (:id, :graph, :table, :type) ON CONFLICT (graph_id, table_name) DO NOTHING "
                            + "RETURNING " + RegistryRows.TABLE_COLUMNS)
                    .bind("id", ids.next("gt_")).bind("graph", graph.value()).bind("table", table.value())
                    .bind("type", type.wireName())
                    .map((rs, ctx) -> RegistryRows.table(rs)).findOne();
            if (created.isPresent()) {
                return new Registration(created.get(), true);
            }
            return new Registration(findTable(h, graph, table).orElseThrow(), false);
        });
    }

    @Override
    public Optional<RegistryTable> findTable(GraphId graph, TableName table) {
        return database.inTransaction("reading table " + table + " of graph " + graph, h -> findTable(h, graph, table));
    }

    @Override
    public List<RegistryTable> listTables(GraphId graph) {
        return database.inTransaction("listing the tables of graph " + graph, h -> h
                .createQuery("SELECT " + RegistryRows.TABLE_COLUMNS + " FROM graph_tables WHERE graph_id = :graph"
                        + " ORDER BY created_at, table_name")
                .bind("graph", graph.value())
                .map((rs, ctx) -> RegistryRows.table(rs)).list());
    }

    private static Optional<RegistryTable> findTable(Handle h, GraphId graph, TableName table) {
        return h.createQuery("SELECT " + RegistryRows.TABLE_COLUMNS + " FROM graph_tables "
                        + "WHERE graph_id = :graph AND table_name = :table")
                .bind("graph", graph.value()).bind("table", table.value())
                .map((rs, ctx) -> RegistryRows.table(rs)).findOne();
    }

    @Override
    public Optional<SchemaContract> schemaContract(GraphId graph, TableName table) {
        return database.inTransaction("reading the contract of table " + table + " of graph " + graph, h -> h
                .createQuery("SELECT contract_columns, contract_rows FROM graph_tables WHERE graph_id = :graph"
                        + " AND table_name = :table AND contract_columns IS NOT NULL")
                .bind("graph", graph.value()).bind("table", table.value())
                .map((rs, ctx) -> SchemaContract.DEFAULT.with(Optional.of(rs.getString(1)), Optional.of(rs.getString(2))))
                .findOne());
    }

    @Override
    public boolean setSchemaContract(GraphId graph, TableName table, SchemaContract contract) {
        return database.inTransaction("keeping the contract of table " + table + " of graph " + graph, h -> h
                .createUpdate("UPDATE graph_tables SET contract_columns = :columns, contract_rows = :rows,"
                        + " updated_at = now() WHERE graph_id = :graph AND table_name = :table")
                .bind("columns", contract.columns().wireName()).bind("rows", contract.rows().wireName())
                .bind("graph", graph.value()).bind("table", table.value())
                .execute() > 0);
    }

    @Override
    public RegistryFile registerFile(NewRegistryFile file) {
        return database.inTransaction("registering file " + file.fileName() + " of table " + file.table(), h -> {
            // Counting the file on its table also locks the table row and proves it exists.
            String tableId = h.createQuery("UPDATE graph_tables SET file_count = file_count + 1, "
                            + "total_size_bytes = total_size_bytes + :size, updated_at = now() "
                            + "WHERE graph_id = :graph AND table_name = :table RETURNING id")
                    .bind("size", file.fileSizeBytes()).bind("graph", file.graph().value())
                    .bind("table", file.table().value())
                    .mapTo(String.class).findOne()
                    .orElseThrow(() -> tableNotFound(file.graph(), file.table()));
            String id = ids.next("gf_");
            String key = file.objectUri().toString();
            // The unique index on (table_id, s3_key) decides; the exception rolls the count back.
            int inserted = h.createUpdate("INSERT INTO graph_files (id, graph_id, table_id, file_name, s3_key, "
                            + "file_size_bytes, upload_status, uploaded_at) VALUES (:id, :graph, :tableId, :name, :key, "
                            + ":size, :status, CASE WHEN :status = 'completed' THEN now() END) "
                            + "ON CONFLICT (table_id, s3_key) DO NOTHING")
                    .bind("id", id).bind("graph", file.graph().value()).bind("tableId", tableId)
                    .bind("name", file.fileName()).bind("key", key)
                    .bind("size", file.fileSizeBytes()).bind("status", file.uploadStatus().wireName())
                    .execute();
            if (inserted == 0) {
                String existing = h.createQuery("SELECT id FROM graph_files WHERE table_id = :tableId AND s3_key = :key")
                        .bind("tableId", tableId).bind("key", key).mapTo(String.class).one();
                throw file.alreadyRegisteredAs(FileId.of(existing));
            }
            return h.createQuery("SELECT " + RegistryRows.FILE_COLUMNS + " FROM graph_files f "
                            + "JOIN graph_tables t ON t.id = f.table_id WHERE f.id = :id")
                    .bind("id", id).map((rs, ctx) -> RegistryRows.file(rs)).one();
        });
    }

    @Override
    public List<RegistryFile> listFiles(GraphId graph, TableName table) {
        return database.inTransaction("listing files of table " + table + " of graph " + graph, h -> {
            String tableId = requireTableId(h, graph, table, false);
            return h.createQuery("SELECT " + RegistryRows.FILE_COLUMNS + " FROM graph_files f "
                            + "JOIN graph_tables t ON t.id = f.table_id WHERE f.table_id = :tableId ORDER BY f.id")
                    .bind("tableId", tableId).map((rs, ctx) -> RegistryRows.file(rs)).list();
        });
    }

    @Override
    public boolean markUploaded(GraphId graph, FileId file) {
        return database.inTransaction("marking file " + file + " uploaded", h -> h.createUpdate(
                        "UPDATE graph_files SET upload_status = :status, uploaded_at = now() "
                                + "WHERE graph_id = :graph AND id = :id")
                .bind("status", UploadStatus.COMPLETED.wireName()).bind("graph", graph.value()).bind("id", file.value())
                .execute() > 0);
    }

    @Override
    public boolean markUploadFailed(GraphId graph, FileId file) {
        return database.inTransaction("marking file " + file + " failed", h -> h.createUpdate(
                        "UPDATE graph_files SET upload_status = :status WHERE graph_id = :graph AND id = :id")
                .bind("status", UploadStatus.FAILED.wireName()).bind("graph", graph.value()).bind("id", file.value())
                .execute() > 0);
    }

    @Override
    public void recordStaging(GraphId graph, TableName table, Map<FileId, Long> staged, Collection<FileId> failed,
                              long tableRowCount) {
        database.inTransaction("recording the staging of table " + table + " of graph " + graph, h -> {
            // FOR UPDATE: two recordings of one table apply one after the other, never interleaved.
            String tableId = requireTableId(h, graph, table, true);
            List<String> stagedIds = staged.keySet().stream().map(FileId::value).toList();
            h.createUpdate("UPDATE graph_files SET duckdb_status = :pending, duckdb_row_count = NULL, "
                            + "duckdb_staged_at = NULL WHERE table_id = :tableId AND duckdb_status = :staged "
                            + "AND NOT (id = ANY(:ids))")
                    .bind("pending", StagingStatus.PENDING.wireName()).bind("staged", StagingStatus.STAGED.wireName())
                    .bind("tableId", tableId).bindArray("ids", String.class, stagedIds)
                    .execute();
            h.createUpdate("UPDATE graph_files SET duckdb_status = :failed, duckdb_row_count = NULL, "
                            + "duckdb_staged_at = NULL WHERE table_id = :tableId AND id = ANY(:ids)")
                    .bind("failed", StagingStatus.FAILED.wireName()).bind("tableId", tableId)
                    .bindArray("ids", String.class, failed.stream().map(FileId::value).toList())
                    .execute();
            if (!staged.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("UPDATE graph_files SET duckdb_status = :staged, "
                        + "duckdb_row_count = :rows, duckdb_staged_at = now() WHERE table_id = :tableId AND id = :id");
                staged.forEach((id, rows) -> batch.bind("staged", StagingStatus.STAGED.wireName())
                        .bind("rows", rows).bind("tableId", tableId).bind("id", id.value()).add());
                batch.execute();
            }
            h.createUpdate("UPDATE graph_tables SET row_count = :rows, updated_at = now() WHERE id = :tableId")
                    .bind("rows", tableRowCount).bind("tableId", tableId).execute();
            return null;
        });
    }

    @Override
    public void markIngested(GraphId graph, Collection<FileId> files) {
        setGraphStatus(graph, files, GraphStatus.INGESTED, "now()", "ingested");
    }

    @Override
    public void markGraphPending(GraphId graph, Collection<FileId> files) {
        setGraphStatus(graph, files, GraphStatus.PENDING, "NULL", "pending in the graph");
    }

    /** @param ingestedAt SQL for the new {@code graph_ingested_at}: {@code now()} or {@code NULL} */
    private void setGraphStatus(GraphId graph, Collection<FileId> files, GraphStatus status, String ingestedAt,
                                String what) {
        if (files.isEmpty()) {
            return;
        }
        database.inTransaction("marking files of graph " + graph + " " + what, h -> h.createUpdate(
                        "UPDATE graph_files SET graph_status = :status, graph_ingested_at = " + ingestedAt
                                + " WHERE graph_id = :graph AND id = ANY(:ids)")
                .bind("status", status.wireName()).bind("graph", graph.value())
                .bindArray("ids", String.class, files.stream().map(FileId::value).toList())
                .execute());
    }

    @Override
    public int resetGraph(GraphId graph, boolean graphToo) {
        return database.inTransaction("resetting the files of graph " + graph, h -> {
            h.createUpdate("UPDATE graph_tables SET row_count = 0, updated_at = now() WHERE graph_id = :graph")
                    .bind("graph", graph.value()).execute();
            return h.createUpdate("UPDATE graph_files SET duckdb_status = :pending, duckdb_row_count = NULL, "
                            + "duckdb_staged_at = NULL"
                            + (graphToo ? ", graph_status = :pending, graph_ingested_at = NULL" : "")
                            + " WHERE graph_id = :graph")
                    .bind("pending", StagingStatus.PENDING.wireName()).bind("graph", graph.value())
                    .execute();
        });
    }

    @Override
    public void registerStaged(GraphId graph, TableName table, TableKind type, List<StagedObject> objects,
                               boolean replace, long tableRowCount) {
        database.inTransaction("registering the staged files of table " + table + " of graph " + graph, h -> {
            h.createUpdate("INSERT INTO graph_tables (id, graph_id, table_name, table_type) "
                            + "VALUES (:id, :graph, :table, :type) ON CONFLICT (graph_id, table_name) DO NOTHING")
                    .bind("id", ids.next("gt_")).bind("graph", graph.value()).bind("table", table.value())
                    .bind("type", type.wireName()).execute();
            // FOR UPDATE: registrations of one table apply one after the other.
            String tableId = requireTableId(h, graph, table, true);
            List<String> keys = objects.stream().map(o -> o.uri().toString()).toList();
            if (replace) {
                // The staging table holds these objects only: direct registrations of others go, the
                // registry's own files stay, no longer staged.
                h.createUpdate("DELETE FROM graph_files WHERE table_id = :tableId AND staged_directly "
                                + "AND NOT (s3_key = ANY(:keys))")
                        .bind("tableId", tableId).bindArray("keys", String.class, keys).execute();
                h.createUpdate("UPDATE graph_files SET " + NOT_STAGED + " WHERE table_id = :tableId "
                                + "AND NOT (s3_key = ANY(:keys))")
                        .bind("pending", StagingStatus.PENDING.wireName())
                        .bind("tableId", tableId).bindArray("keys", String.class, keys).execute();
            }
            // An object already registered keeps its id (and so its place in the table's order).
            for (StagedObject o : objects) {
                String key = o.uri().toString();
                h.createUpdate("INSERT INTO graph_files (id, graph_id, table_id, file_name, s3_key, file_size_bytes, "
                                + "upload_status, uploaded_at, staged_directly, staging_file_id, duckdb_status, "
                                + "duckdb_row_count, duckdb_staged_at) VALUES (:id, :graph, :tableId, :name, :key, :size, "
                                + ":completed, now(), true, :tag, :staged, :rows, now()) "
                                + "ON CONFLICT (table_id, s3_key) DO UPDATE SET staged_directly = true, "
                                + "staging_file_id = EXCLUDED.staging_file_id, upload_status = EXCLUDED.upload_status, "
                                + "file_size_bytes = EXCLUDED.file_size_bytes, "
                                + "uploaded_at = coalesce(graph_files.uploaded_at, now()), "
                                + "duckdb_status = EXCLUDED.duckdb_status, duckdb_row_count = EXCLUDED.duckdb_row_count, "
                                + "duckdb_staged_at = EXCLUDED.duckdb_staged_at")
                        .bind("id", ids.next("gf_")).bind("graph", graph.value()).bind("tableId", tableId)
                        .bind("name", key.length() > 1024 ? key.substring(key.length() - 1024) : key).bind("key", key)
                        .bind("size", o.sizeBytes()).bind("completed", UploadStatus.COMPLETED.wireName())
                        .bind("tag", o.stagingFileId().map(FileId::value).orElse(null))
                        .bind("staged", StagingStatus.STAGED.wireName()).bind("rows", o.stagedRows())
                        .execute();
            }
            h.createUpdate("UPDATE graph_tables SET row_count = :rows WHERE id = :tableId")
                    .bind("rows", tableRowCount).bind("tableId", tableId).execute();
            recount(h, tableId);
            return null;
        });
    }

    @Override
    public int resetTable(GraphId graph, TableName table) {
        return database.inTransaction("resetting the files of table " + table + " of graph " + graph, h -> {
            Optional<String> tableId = h.createQuery("SELECT id FROM graph_tables WHERE graph_id = :graph "
                            + "AND table_name = :table FOR UPDATE")
                    .bind("graph", graph.value()).bind("table", table.value()).mapTo(String.class).findOne();
            if (tableId.isEmpty()) {
                return 0;
            }
            int removed = h.createUpdate("DELETE FROM graph_files WHERE table_id = :tableId AND staged_directly")
                    .bind("tableId", tableId.get()).execute();
            h.createUpdate("UPDATE graph_files SET " + NOT_STAGED + " WHERE table_id = :tableId")
                    .bind("pending", StagingStatus.PENDING.wireName()).bind("tableId", tableId.get()).execute();
            h.createUpdate("UPDATE graph_tables SET row_count = 0 WHERE id = :tableId")
                    .bind("tableId", tableId.get()).execute();
            recount(h, tableId.get());
            return removed;
        });
    }

    @Override
    public Map<FileId, Optional<FileId>> stagingTags(GraphId graph, TableName table) {
        return database.inTransaction("reading the staging tags of table " + table + " of graph " + graph, h -> {
            Map<FileId, Optional<FileId>> tags = new LinkedHashMap<>();
            h.createQuery("SELECT f.id, f.staging_file_id FROM graph_files f JOIN graph_tables t ON t.id = f.table_id "
                            + "WHERE t.graph_id = :graph AND t.table_name = :table AND f.staged_directly ORDER BY f.id")
                    .bind("graph", graph.value()).bind("table", table.value())
                    .map((rs, ctx) -> Map.entry(FileId.of(rs.getString(1)),
                            Optional.ofNullable(rs.getString(2)).map(FileId::of)))
                    .forEach(e -> tags.put(e.getKey(), e.getValue()));
            return tags;
        });
    }

    @Override
    public int forgetStaged(GraphId graph, TableName table, FileId fileId) {
        return database.inTransaction("removing file " + fileId + " of table " + table + " of graph " + graph, h -> {
            Optional<String> tableId = h.createQuery("SELECT id FROM graph_tables WHERE graph_id = :graph "
                            + "AND table_name = :table FOR UPDATE")
                    .bind("graph", graph.value()).bind("table", table.value()).mapTo(String.class).findOne();
            if (tableId.isEmpty()) {
                return 0;
            }
            int removed = h.createUpdate("DELETE FROM graph_files WHERE table_id = :tableId AND CASE WHEN staged_directly "
                            + "THEN staging_file_id = :file ELSE id = :file END")
                    .bind("tableId", tableId.get()).bind("file", fileId.value()).execute();
            recount(h, tableId.get());
            return removed;
        });
    }

    private static void recount(Handle h, String tableId) {
        h.createUpdate("UPDATE graph_tables t SET file_count = c.files, total_size_bytes = c.bytes, updated_at = now() "
                        + "FROM (SELECT count(*) AS files, coalesce(sum(file_size_bytes), 0) AS bytes FROM graph_files "
                        + "WHERE table_id = :tableId) c WHERE t.id = :tableId")
                .bind("tableId", tableId).execute();
    }

    @Override
    public void checkHealth() {
        database.inTransaction("checking its health", h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    private static String requireTableId(Handle h, GraphId graph, TableName table, boolean lock) {
        return h.createQuery("SELECT id FROM graph_tables WHERE graph_id = :graph AND table_name = :table"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("graph", graph.value()).bind("table", table.value())
                .mapTo(String.class).findOne()
                .orElseThrow(() -> tableNotFound(graph, table));
    }

    private static StagingException tableNotFound(GraphId graph, TableName table) {
        return new StagingException(ErrorCode.REGISTRY_TABLE_NOT_FOUND,
                "The registry has no table " + table + " in graph " + graph);
    }
}
