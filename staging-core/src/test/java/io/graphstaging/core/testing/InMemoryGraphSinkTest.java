package io.graphstaging.core.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.sync.ParquetFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

class InMemoryGraphSinkTest extends GraphSinkContract {
    private final InMemoryGraphSink sink = new InMemoryGraphSink(Clock.systemUTC());

    @Override
    protected GraphSink sink() {
        return sink;
    }

    @Override
    protected void writeRows(Path file, List<Column> columns, List<List<Object>> rows) {
        RowsFile.write(file, columns, rows);
    }

    @Override
    protected List<List<Object>> readRows(ParquetFile file) {
        try {
            return RowsFile.read(file.path()).rows();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
