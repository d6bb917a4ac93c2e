package io.graphstaging.core.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.port.StagingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The staging store contract on the in-memory store, so core tests rely on the same semantics. */
class InMemoryStagingStoreTest extends StagingStoreContract {
    @TempDir
    Path dir;
    private InMemoryStagingStore store;

    @BeforeEach
    void open() {
        store = new InMemoryStagingStore(dir.resolve("exports"));
    }

    @Override
    protected StagingStore store() {
        return store;
    }

    @Override
    protected Path sourceDirectory(GraphId graph) {
        return dir.resolve("spool").resolve(graph.value());
    }

    @Override
    protected void writeSource(Path file, List<Column> columns, List<List<Object>> rows) {
        RowsFile.write(file, columns, rows);
    }

    @Override
    protected List<List<Object>> readExport(ParquetExport export) {
        try {
            return RowsFile.read(export.path()).rows();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
