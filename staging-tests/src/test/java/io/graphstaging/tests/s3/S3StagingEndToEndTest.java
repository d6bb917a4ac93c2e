package io.graphstaging.tests.s3;

import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.testing.QueryAnswers;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.usecase.CreateTable;
import io.graphstaging.core.usecase.StageFilesCommand;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.query.DuckDbStagingQueries;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.local.LocalDirectoryObjectStore;
import io.graphstaging.s3.aws.S3ClientFactory;
import io.graphstaging.s3.aws.S3ObjectStore;
import io.graphstaging.s3.spool.Spool;
import io.graphstaging.s3.testing.RequestCounter;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging through the real object stores into real DuckDB files: the same Parquet files
 * served by S3Proxy and by a local directory give the same table, and losing the S3 server
 * in the middle of a replace leaves the old table and no partial file.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StagingEndToEndTest {
    private static final String BUCKET = "e2e-bucket";
    private static final TableName ENTITIES = TableName.of("entities");
    private static final String ALL_ROWS = "SELECT * FROM entities ORDER BY identifier";

    @TempDir
    Path dir;

    private S3ProxyServer server;
    private final RequestCounter counter = new RequestCounter();
    private String prefix;
    private Path objectStoreDir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore staging;
    private DuckDbStagingQueries queries;
    private S3ObjectStore s3;
    private LocalDirectoryObjectStore local;

    @BeforeEach
    void setUp(S3ProxyServer server) throws IOException {
        this.server = server;
        server.createBucket(BUCKET);
        prefix = "e2e-" + UUID.randomUUID() + "/entities/";
        objectStoreDir = dir.resolve("object-store");

        DuckDbConfig defaults = DuckDbConfig.defaults(dir.resolve("staging"));
        SpoolDirectory spoolDirectory = new SpoolDirectory(defaults.stagingDir().resolve("spool"));
        pool = new DuckDbConnectionPool(defaults.withThreads(2).withMemoryLimit(ByteSize.ofBytes(512_000_000)),
                spoolDirectory, Clock.systemUTC());
        staging = new DuckDbStagingStore(pool);
        queries = new DuckDbStagingQueries(pool, new QueryThreads(2));

        Map<String, String> env = new HashMap<>(server.environment());
        env.put("STAGING_S3_MAX_ATTEMPTS", "2");
        ObjectStoreConfig config = Settings.read(env, ObjectStoreConfig::from);
        Spool spool = new Spool(spoolDirectory, config.spoolMaxBytes());
        s3 = new S3ObjectStore(S3ClientFactory.create(config, List.of(counter)), spool, config.maxConcurrency());
        local = new LocalDirectoryObjectStore(objectStoreDir, spool);
    }

    @AfterEach
    void tearDown() {
        s3.close();
        local.close();
        pool.close();
    }

    /** Writes a node Parquet file to both stores under the same key. */
    private void publish(String name, String sql) throws IOException {
        Path file = objectStoreDir.resolve(BUCKET).resolve(prefix + name);
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + sql + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write " + file, e);
        }
        server.putObject(BUCKET, prefix + name, file);
    }

    private StagedTable create(ObjectStore objects, GraphId graph, ObjectPattern pattern) {
        CreateTable createTable = new CreateTable(objects, staging, new TableLocks(Duration.ofSeconds(5)));
        return createTable.execute(new StageFilesCommand(graph, ENTITIES, pattern, Map.of()));
    }

    private ObjectPattern glob() {
        return ObjectPattern.parse("s3://" + BUCKET + "/" + prefix + "*.parquet");
    }

    private void publishTwoOverlappingFiles() throws IOException {
        publish("a.parquet", "SELECT i::BIGINT AS identifier, 'first-' || i AS name, (i * 0.5)::DOUBLE AS score FROM range(0, 1000) t(i)");
        publish("b.parquet", "SELECT i::BIGINT AS identifier, 'second-' || i AS name, (i * 2.0)::DOUBLE AS score FROM range(500, 1500) t(i)");
    }

    @Test
    void aNodeTableStagedFromS3EqualsTheOneStagedFromALocalDirectory() throws IOException {
        publishTwoOverlappingFiles();
        GraphId fromS3 = GraphId.of("g-s3");
        GraphId fromLocal = GraphId.of("g-local");

        StagedTable viaS3 = create(s3, fromS3, glob());
        StagedTable viaLocal = create(local, fromLocal, glob());

        assertThat(viaS3.summary().rowCount()).isEqualTo(1500);
        assertThat(viaLocal.summary().rowCount()).isEqualTo(1500);
        QueryResult s3Rows = QueryAnswers.all(queries, fromS3, ALL_ROWS);
        QueryResult localRows = QueryAnswers.all(queries, fromLocal, ALL_ROWS);
        assertThat(s3Rows.rows()).hasSize(1500).isEqualTo(localRows.rows());
        assertThat(s3Rows.columns()).isEqualTo(localRows.columns());
        // The later file (b, by key order) wins on the overlap.
        assertThat(s3Rows.rows().get(700)).containsExactly(700L, "second-700", 1400.0);
        assertThat(s3Rows.rows().get(100)).containsExactly(100L, "first-100", 50.0);
        assertThat(counter.getObjectCalls()).isEqualTo(2);
    }

    @Test
    @Timeout(120)
    void losingTheServerMidReplaceLeavesTheOldTableAndNoPartialFile() throws IOException {
        publishTwoOverlappingFiles();
        GraphId graph = GraphId.of("g-outage");
        create(s3, graph, glob());
        QueryResult before = QueryAnswers.all(queries, graph, ALL_ROWS);
        // A large object, so the server can be cut while its body is on the wire.
        Path big = dir.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 40; i++) {
                out.write(block);
            }
        }
        server.putObject(BUCKET, prefix + "c.parquet", big);
        AtomicBoolean stopped = new AtomicBoolean();
        counter.onGetResponseHeaders(attempt -> {
            if (stopped.compareAndSet(false, true)) {
                server.stop();
            }
        });

        try {
            assertThatThrownBy(() -> create(s3, graph, glob()))
                    .isInstanceOfSatisfying(StagingException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_FAILED));
        } finally {
            server.restart();
        }

        assertThat(stopped).isTrue();
        assertThat(QueryAnswers.all(queries, graph, ALL_ROWS).rows()).isEqualTo(before.rows());
        try (Stream<Path> files = Files.walk(pool.paths().spool(graph))) {
            assertThat(files.filter(Files::isRegularFile))
                    .noneMatch(p -> p.toString().endsWith(".part"))
                    .allMatch(p -> sizeOf(p) < 40L << 20);
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
