package io.graphstaging.duckdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancelled query is interrupted in the engine, fails with the cancel's code, and frees its connection. */
class DuckDbQueryCancellationTest {
    private static final SqlQuery RUNAWAY = new SqlQuery("SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3",
            List.of());

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingQueries queries;
    private final GraphId graph = GraphId.of("g1");

    @BeforeEach
    void stage() throws Exception {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(2).withMaxConnectionsPerDb(1)
                .withMemoryLimit(ByteSize.ofBytes(256_000_000)), new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        queries = new DuckDbStagingQueries(pool);
        Path file = Files.createDirectories(pool.paths().spool(graph)).resolve("e.parquet");
        ParquetFiles.write(file, List.of(new Column("identifier", "BIGINT")), List.of(List.of(1L)));
        new DuckDbStagingStore(pool).createTable(graph, TableName.of("entities"),
                List.of(new SourceFile(new ObjectUri("bucket", "e.parquet"), file, Optional.empty())), "s3://bucket/e.parquet");
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aCancelInterruptsARunningQueryAndFreesItsConnection() throws Exception {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> catchThrowable(
                () -> queries.query(graph, RUNAWAY, 10, cancellation)));
        Thread.sleep(500);
        assertThat(running).as("still computing").isNotDone();

        long start = System.nanoTime();
        cancellation.cancel(ErrorCode.CANCELLED, "The client went away");
        Throwable thrown = running.get(30, TimeUnit.SECONDS);

        System.out.println("Interrupted " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms after the cancel");
        assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(e.getMessage()).isEqualTo("The client went away");
        });
        // One connection per graph: the next query gets it at once.
        assertThat(queries.query(graph, new SqlQuery("SELECT count(*) FROM entities", List.of()), 10, new Cancellation())
                .rows()).containsExactly(List.of(1L));
    }

    @Test
    void aStreamCancelledBeforeItStartsRunsNothing() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel(ErrorCode.SHUTTING_DOWN, "The server is shutting down");

        Throwable thrown = catchThrowable(() -> queries.stream(graph, RUNAWAY, 10, cancellation, chunk -> { }));

        assertThat(thrown).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }
}
