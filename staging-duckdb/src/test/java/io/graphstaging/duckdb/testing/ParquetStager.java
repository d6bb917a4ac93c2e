package io.graphstaging.duckdb.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.testing.TableStager;
import io.graphstaging.duckdb.pool.GraphPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Stages rows into the DuckDB store the way it takes them: a Parquet file in the graph's spool. */
public final class ParquetStager implements TableStager {
    private final StagingStore store;
    private final GraphPaths paths;

    public ParquetStager(StagingStore store, GraphPaths paths) {
        this.store = store;
        this.paths = paths;
    }

    @Override
    public void stage(GraphId graph, TableName table, List<Column> columns, List<List<Object>> rows) {
        String key = table.value() + ".parquet";
        Path file;
        try {
            file = Files.createDirectories(paths.spool(graph)).resolve(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParquetFiles.write(file, columns, rows);
        store.createTable(graph, table, List.of(new SourceFile(new ObjectUri("bucket", key), file, Optional.empty())),
                "s3://bucket/" + key);
    }
}
