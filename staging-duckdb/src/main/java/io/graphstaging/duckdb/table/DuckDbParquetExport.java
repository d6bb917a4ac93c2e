package io.graphstaging.duckdb.table;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.ParquetExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A Parquet file in the graph's export directory; closing deletes it. */
final class DuckDbParquetExport implements ParquetExport {
    private final Path path;
    private final List<Column> columns;
    private final long rowCount;

    DuckDbParquetExport(Path path, List<Column> columns, long rowCount) {
        this.path = path;
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot delete export " + path.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }
}
