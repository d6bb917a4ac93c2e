package io.graphstaging.core.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A staged relation written to a local Parquet file for the graph to load. Closing it deletes
 * the file.
 */
public interface ParquetExport extends AutoCloseable {
    Path path();

    /**
     * The file's columns, in order, each with the type it has in the file, which is what the
     * graph reads: a column that {@link GraphColumnTransfer} sends as text is {@code VARCHAR}
     * here whatever its staged type (e.g. a {@code DECIMAL(18,2)} or an {@code INTERVAL}); the
     * graph column it fills has {@link GraphColumnTransfer#graphType()}.
     */
    List<Column> columns();

    long rowCount();

    @Override
    void close();
}
