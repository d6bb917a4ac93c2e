package io.graphstaging.core.sync;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A local Parquet file that passes between staging and the graph, with its row count and
 * columns. Whoever asked for it owns it: closing deletes the file.
 */
public record ParquetFile(Path path, long rowCount, List<Column> columns) implements AutoCloseable {
    public ParquetFile {
        Objects.requireNonNull(path, "path");
        columns = List.copyOf(columns);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot delete work file " + path.getFileName()
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
