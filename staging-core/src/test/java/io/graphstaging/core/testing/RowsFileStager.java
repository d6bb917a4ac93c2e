package io.graphstaging.core.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Stages rows into a store that reads {@link RowsFile}s. */
public final class RowsFileStager implements TableStager {
    private final StagingStore store;
    private final Path spool;

    public RowsFileStager(StagingStore store, Path spool) {
        this.store = store;
        this.spool = spool;
    }

    @Override
    public void stage(GraphId graph, TableName table, List<Column> columns, List<List<Object>> rows) {
        String key = table.value() + ".rows";
        Path file = spool.resolve(graph.value()).resolve(key);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RowsFile.write(file, columns, rows);
        store.createTable(graph, table, List.of(new SourceFile(new ObjectUri("bucket", key), file, Optional.empty())),
                "s3://bucket/" + key);
    }
}
