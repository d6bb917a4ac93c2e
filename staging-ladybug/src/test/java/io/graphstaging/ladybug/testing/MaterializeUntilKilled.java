package io.graphstaging.ladybug.testing;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.TableName;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A process to be killed in the middle of a materialize: it stages {@code <table>} of graph
 * {@code g} (node table {@code Entity} with three rows, or a relationship table {@code links}
 * between them) and materializes it; the export then prints {@link #READY} and waits for the
 * kill, after the graph table was created and before any row is copied.
 *
 * <p>Arguments: the work directory (staging under {@code duck/}, graphs under {@code graphs/})
 * and the table to materialize.
 */
public final class MaterializeUntilKilled {
    public static final String READY = "exporting, kill me now";
    public static final GraphId GRAPH = GraphId.of("g");

    private MaterializeUntilKilled() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TableName table = TableName.of(args[1]);
        try (DuckDbExportFixture staging = new DuckDbExportFixture(dir.resolve("duck"));
             LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(dir.resolve("graphs"))
                     .withBufferPoolBytes(64L << 20).withMaxThreads(1), MemoryBudget.unlimited())) {
            staging.stage(GRAPH, table, table.value().equals("links")
                    ? "SELECT 0::BIGINT AS src, 1::BIGINT AS dst, 'f' AS file_id"
                    : "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 3) t(i)");
            staging.beforeEachExport(() -> {
                System.out.println(READY);
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sink.materialize(GRAPH, staging.describeTable(GRAPH, table).orElseThrow(), staging,
                    new MaterializeOptions(false, Set.of(), Optional.of(TableName.of("Entity")), Optional.of(TableName.of("Entity"))));
        }
    }
}
