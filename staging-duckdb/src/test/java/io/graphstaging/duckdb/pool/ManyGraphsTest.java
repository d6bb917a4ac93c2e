package io.graphstaging.duckdb.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.query.DuckDbStagingQueries;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hundred graphs staged and queried in one process under a budget that holds four open
 * databases: the least recently used idle ones close to make room, none is ever refused, the
 * budget is never exceeded, and a closed graph opens again with its data.
 */
class ManyGraphsTest {
    private static final int GRAPHS = 200;
    private static final ByteSize MEMORY_LIMIT = ByteSize.ofMebibytes(32);
    private static final int OPEN_AT_ONCE = 4;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoHundredGraphsAreStagedAndQueriedWithinABudgetOfFour() throws IOException {
        MemoryBudget budget = new MemoryBudget(ByteSize.ofBytes(OPEN_AT_ONCE * MEMORY_LIMIT.bytes()), Duration.ofSeconds(10));
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(1)
                .withMemoryLimit(MEMORY_LIMIT), new SpoolDirectory(dir.resolve("spool")), budget, Clock.systemUTC())) {
            DuckDbStagingQueries queries = new DuckDbStagingQueries(pool, new QueryThreads(2));
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            Path rows = dir.resolve("rows.parquet");
            ParquetFiles.write(rows, List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR")),
                    List.of(List.of(1L, "first"), List.of(1000L, "second")));
            int mostOpen = 0;
            for (int i = 0; i < GRAPHS; i++) {
                GraphId graph = graph(i);
                Path spooled = Files.copy(rows, Files.createDirectories(pool.paths().spool(graph)).resolve("rows.parquet"));
                store.createTable(graph, TableName.of("entities"), List.of(new SourceFile(new ObjectUri("bucket", "rows"),
                        spooled, Optional.empty())), "s3://bucket/rows");
                assertThat(identifiers(queries, graph)).isEqualTo(1001L);
                mostOpen = Math.max(mostOpen, pool.openDatabases());
                assertThat(budget.reservedBytes()).isLessThanOrEqualTo(budget.totalBytes());
            }
            assertThat(mostOpen).isEqualTo(OPEN_AT_ONCE);
            assertThat(pool.stats().totalDatabasesOnDisk()).isEqualTo(GRAPHS);
            // The first graphs were closed long ago; they open again with their rows.
            for (int i = 0; i < 20; i++) {
                assertThat(identifiers(queries, graph(i))).isEqualTo(1001L);
            }
            assertThat(pool.openDatabases()).isEqualTo(OPEN_AT_ONCE);
        }
        assertThat(budget.reservedBytes()).isZero();
    }

    private static GraphId graph(int i) {
        return GraphId.of("graph-" + i);
    }

    private static long identifiers(DuckDbStagingQueries queries, GraphId graph) {
        long[] sum = {0};
        queries.stream(graph, new SqlQuery("SELECT sum(identifier) FROM entities", List.of()), 10, new Cancellation(),
                chunk -> sum[0] += ((Number) chunk.rows().get(0).get(0)).longValue());
        return sum[0];
    }
}
