package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Different tables of one graph staged at the same time, on real threads and one database file. */
class DuckDbStagingStoreConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tablesOfOneGraphStageConcurrently() throws Exception {
        DuckDbConfig d = DuckDbConfig.defaults(dir);
        GraphId graph = GraphId.of("busy");
        int tables = 4;
        int appends = 3;
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(d.withThreads(2).withMemoryLimit(ByteSize.ofBytes(512_000_000)),
                new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            Path spool = Files.createDirectories(pool.paths().spool(graph));
            List<List<SourceFile>> files = new ArrayList<>();
            for (int t = 0; t < tables; t++) {
                List<SourceFile> perTable = new ArrayList<>();
                for (int f = 0; f <= appends; f++) {
                    Path file = spool.resolve("t" + t + "-f" + f + ".parquet");
                    List<List<Object>> rows = new ArrayList<>();
                    for (long i = 0; i < 100; i++) {
                        rows.add(List.of(f * 50 + i, "t" + t + "f" + f));
                    }
                    ParquetFiles.write(file, List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR")), rows);
                    perTable.add(new SourceFile(new ObjectUri("bucket", file.getFileName().toString()), file, Optional.empty()));
                }
                files.add(perTable);
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(tables);
            try {
                List<Future<TableSummary>> results = new ArrayList<>();
                for (int t = 0; t < tables; t++) {
                    TableName name = TableName.of("table_" + t);
                    List<SourceFile> own = files.get(t);
                    results.add(threads.submit(() -> {
                        start.await();
                        store.createTable(graph, name, own.subList(0, 1), "loc");
                        TableSummary last = null;
                        for (int f = 1; f <= appends; f++) {
                            last = store.appendFiles(graph, name, own.subList(f, f + 1)).summary();
                        }
                        return last;
                    }));
                }
                start.countDown();
                for (Future<TableSummary> result : results) {
                    TableSummary summary = result.get();
                    // Keys 0..249: each append overlaps the previous file by 50 keys.
                    assertThat(summary.rowCount()).isEqualTo(250);
                    assertThat(summary.fileCount()).isEqualTo(appends + 1);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(store.listTables(graph)).hasSize(tables).allSatisfy(t -> assertThat(t.rowCount()).isEqualTo(250));
        }
    }
}
