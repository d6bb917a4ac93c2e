package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.TableName;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.testing.DuckDbExportFixture;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManyGraphsTest {
    private static final TableName ENTITY = TableName.of("Entity");

    @TempDir
    Path tmp;

    /** Each open database used to reserve 8 TiB of address space: the 16th failed to open. */
    @Test
    void twentyGraphsMaterializeInOneProcessAtTheDefaults() throws Exception {
        try (DuckDbExportFixture staging = new DuckDbExportFixture(tmp.resolve("duck"));
             LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs"))
                     .withBufferPoolBytes(16L << 20), MemoryBudget.unlimited())) {
            for (int i = 0; i < 20; i++) {
                GraphId graph = GraphId.of("g" + i);
                staging.stage(graph, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, " + (i + 1) + ") t(i)");
                sink.materialize(graph, staging.describeTable(graph, ENTITY).orElseThrow(), staging,
                        new MaterializeOptions(false, Set.of(), Optional.empty(), Optional.empty()));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(sink.tables(GraphId.of("g" + i))).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, i + 1));
            }
        }
    }
}
