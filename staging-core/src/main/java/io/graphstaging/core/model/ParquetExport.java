package io.graphstaging.core.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A staged relation written to a local Parquet file for the graph to load. Closing it deletes
 * the file.
 */
public interface ParquetExport extends AutoCloseable {
    Path path();

    /** Columns as written, in order. */
    List<Column> columns();

    long rowCount();

    @Override
    void close();
}
