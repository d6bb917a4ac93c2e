package io.graphstaging.registry.postgres;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.model.WireName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps registry rows to core records. A stored value the core rejects (e.g. data carried over
 * from the original registry with a key that is not a valid {@code s3://} URI) is a registry
 * failure naming the row, not the caller's input error.
 */
final class RegistryRows {
    /** Columns of {@code graph_files f} joined with its table {@code t}. */
    static final String FILE_COLUMNS = "f.id, f.graph_id, t.table_name, f.file_name, f.s3_key, f.file_size_bytes, "
            + "f.upload_status, f.duckdb_status, f.duckdb_row_count, f.duckdb_staged_at, f.graph_status, "
            + "f.graph_ingested_at, f.created_at, f.uploaded_at";
    static final String TABLE_COLUMNS = "id, graph_id, table_name, table_type, row_count, file_count, "
            + "total_size_bytes, created_at, updated_at";

    private RegistryRows() {
    }

    static RegistryTable table(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        try {
            return new RegistryTable(id, GraphId.of(rs.getString("graph_id")), TableName.of(rs.getString("table_name")),
                    TableKind.valueOf(rs.getString("table_type").toUpperCase(Locale.ROOT)), rs.getLong("row_count"),
                    rs.getLong("file_count"), rs.getLong("total_size_bytes"), instant(rs, "created_at").orElseThrow(),
                    instant(rs, "updated_at").orElseThrow());
        } catch (StagingException | IllegalArgumentException e) {
            throw invalidRow("graph_tables", id, e);
        }
    }

    static RegistryFile file(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        try {
            return new RegistryFile(FileId.of(id), GraphId.of(rs.getString("graph_id")),
                    TableName.of(rs.getString("table_name")), rs.getString("file_name"),
                    ObjectUri.parse(rs.getString("s3_key")), rs.getLong("file_size_bytes"),
                    WireName.parse(UploadStatus.class, rs.getString("upload_status"), "upload_status"),
                    WireName.parse(StagingStatus.class, rs.getString("duckdb_status"), "duckdb_status"), optionalLong(rs, "duckdb_row_count"),
                    instant(rs, "duckdb_staged_at"), WireName.parse(GraphStatus.class, rs.getString("graph_status"), "graph_status"),
                    instant(rs, "graph_ingested_at"), instant(rs, "created_at").orElseThrow(),
                    instant(rs, "uploaded_at"));
        } catch (StagingException | IllegalArgumentException e) {
            throw invalidRow("graph_files", id, e);
        }
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static StagingException invalidRow(String table, String id, RuntimeException e) {
        return new StagingException(ErrorCode.REGISTRY_FAILED,
                "The registry holds an invalid " + table + " row " + id + ": " + e.getMessage(), e);
    }
}
