package io.graphstaging.http.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link StagingStore} whose drops of graph {@code busy} hold until {@link #release} (others
 * return at once), for tests of the table queues at the edge: a held drop keeps its table's turn.
 * Anything but dropping and listing fails loudly.
 */
public final class BlockingStore implements StagingStore {
    public static final GraphId BUSY = GraphId.of("busy");

    public final CountDownLatch release = new CountDownLatch(1);
    public final AtomicInteger dropsStarted = new AtomicInteger();
    public final AtomicInteger dropsRunning = new AtomicInteger();
    public final AtomicInteger mostRunningAtOnce = new AtomicInteger();
    /** When each table's last drop started ({@link System#nanoTime()}), by "graph/table". */
    public final Map<String, Long> dropStartedAt = new ConcurrentHashMap<>();

    @Override
    public boolean dropTable(GraphId graph, TableName table) {
        dropStartedAt.put(graph + "/" + table, System.nanoTime());
        dropsStarted.incrementAndGet();
        int running = dropsRunning.incrementAndGet();
        mostRunningAtOnce.accumulateAndGet(running, Math::max);
        try {
            if (graph.equals(BUSY) && !release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            dropsRunning.decrementAndGet();
        }
    }

    @Override
    public List<TableSummary> listTables(GraphId graph) {
        return List.of();
    }

    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location,
                                   io.graphstaging.core.model.SchemaContract contract,
                                   io.graphstaging.core.model.Cancellation cancellation) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files,
                                   Optional<io.graphstaging.core.model.SchemaContract> contract,
                                   io.graphstaging.core.model.Cancellation cancellation) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public TableSummary changeContract(GraphId graph, TableName table, io.graphstaging.core.model.SchemaContract contract) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public io.graphstaging.core.model.QuarantinePage quarantine(GraphId graph, TableName table, long limit, long offset) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public List<Column> readSchema(GraphId graph, SourceFile file) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public Optional<TableSchema> describeTable(GraphId graph, TableName table) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public long deleteFileRows(GraphId graph, TableName table, FileId fileId) {
        throw new UnsupportedOperationException("not used by edge tests");
    }

    @Override
    public ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles) {
        throw new UnsupportedOperationException("not used by edge tests");
    }
}
