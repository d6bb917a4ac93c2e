package io.graphstaging.tests.fault;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static io.graphstaging.tests.fault.RestartableServer.filesUnder;
import static io.graphstaging.tests.fault.RestartableServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.core.testing.Tmpfs;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.tests.e2e.E2eServer;
import io.graphstaging.tests.e2e.ParquetFiles;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under each directory the server writes, through the server jar: the staging
 * directory (databases, WAL, spill files), the spool (fetched objects) and the export directory
 * (what materialize loads). Every write that runs out of space is a 507 {@code storage_full}
 * naming the directory by its setting and no path, nothing is half written, and once space
 * returns the same call succeeds, without a restart, cycle after cycle.
 */
@Tag("fault")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class FullDiskFaultTest {
    private static final String BUCKET = "faults-disk";
    private static final String S3 = "s3://" + BUCKET + "/";
    private static final int DISK_MIB = 64;
    private static final int CYCLES = 3;
    private static final long BIG_ROWS = 400_000;

    private S3ProxyServer s3;
    private PostgresTestServer postgres;

    @BeforeAll
    void objects(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) {
        this.s3 = s3;
        this.postgres = postgres;
        s3.createBucket(BUCKET);
        s3.putObject(BUCKET, "small.parquet", ParquetFiles.write(files.resolve("small.parquet"),
                "SELECT i::BIGINT AS identifier, 'small-' || i AS name FROM range(1000) t(i)"));
        // About 28 MB of incompressible names: more than the disk has left once filled.
        s3.putObject(BUCKET, "big.parquet", ParquetFiles.write(files.resolve("big.parquet"),
                "SELECT i::BIGINT AS identifier, 'big-' || md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS name"
                        + " FROM range(" + BIG_ROWS + ") t(i)"));
    }

    @Test
    void aFullStagingDirectory(@TempDir Path dir) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("staging"), DISK_MIB);
             RestartableServer server = server(dir, Map.of("DUCKDB_STAGING_DIR", disk.path().toString(),
                     "STAGING_SPOOL_DIR", dir.resolve("spool").toString()))) {
            ok(server.http().post("/databases/g/tables", create("people", "small.parquet")));
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                disk.fillLeaving(1 << 20);
                assertStorageFull(server.http().post("/databases/g/tables", create("people", "big.parquet")),
                        "DUCKDB_STAGING_DIR", disk.path());
                assertStorageFull(server.http().post("/databases/g/tables", create("other", "big.parquet")),
                        "DUCKDB_STAGING_DIR", disk.path());
                assertThat(server.rowsPerTag("g", "people")).as("cycle %d", cycle).isEqualTo(Map.of("small", 1000L));
                assertThat(server.listed("g", "other")).isEmpty();
                disk.free();

                ok(server.http().post("/databases/g/tables", create("other", "big.parquet")));
                assertThat(server.rowsPerTag("g", "other")).isEqualTo(Map.of("big", BIG_ROWS));
                ok(server.http().delete("/databases/g/tables/other"));
            }
            assertThat(filesUnder(disk.path().resolve("g.duckdb.tmp"))).as("DuckDB spill files").isEmpty();
        }
    }

    @Test
    void aFullSpool(@TempDir Path dir) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("spool"), DISK_MIB);
             RestartableServer server = server(dir, Map.of("STAGING_SPOOL_DIR", disk.path().toString()))) {
            ok(server.http().post("/databases/g/tables", create("people", "small.parquet")));
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                disk.fillLeaving(1 << 20);
                assertStorageFull(server.http().post("/databases/g/tables", create("people", "big.parquet")),
                        "STAGING_SPOOL_DIR", disk.path());
                assertThat(server.rowsPerTag("g", "people")).as("cycle %d", cycle).isEqualTo(Map.of("small", 1000L));
                assertThat(filesUnder(disk.path().resolve("g").resolve(".tmp"))).as("temporary spool files").isEmpty();
                disk.free();

                ok(server.http().post("/databases/g/tables", create("people", "big.parquet")));
                assertThat(server.rowsPerTag("g", "people")).isEqualTo(Map.of("big", BIG_ROWS));
                ok(server.http().post("/databases/g/tables", create("people", "small.parquet")));
            }
        }
    }

    @Test
    void aFullExportDirectory(@TempDir Path dir) throws Exception {
        // The export directory is the staging directory's "exports": its own mount here.
        Path staging = Files.createDirectories(dir.resolve("staging"));
        try (Tmpfs disk = Tmpfs.mount(staging.resolve("exports"), DISK_MIB);
             RestartableServer server = server(dir, Map.of("DUCKDB_STAGING_DIR", staging.toString()))) {
            ok(server.http().post("/databases/g/tables", create("people", "big.parquet")));
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                disk.fillLeaving(1 << 20);
                assertStorageFull(server.http().post("/databases/g/tables/people/materialize", Map.of()),
                        "DUCKDB_STAGING_DIR", disk.path());
                assertThat(filesUnder(disk.path()).stream().filter(f -> f.toString().endsWith(".parquet")).toList())
                        .as("partial exports").isEmpty();
                disk.free();

                ok(server.http().post("/databases/g/tables/people/materialize", Map.of()));
                assertThat(ok(server.http().get("/databases/g/graph/tables"))).singleElement()
                        .satisfies(t -> assertThat(t.get("row_count").asLong()).isEqualTo(BIG_ROWS));
                assertThat(filesUnder(disk.path())).as("exports once loaded").isEmpty();
            }
        }
    }

    private RestartableServer server(Path dir, Map<String, String> directories) throws Exception {
        Path home = Files.createDirectories(dir.resolve("server"));
        Map<String, String> extra = new HashMap<>(directories);
        extra.put("LBUG_DATABASE_DIR", dir.resolve("lbug-dbs").toString());
        return RestartableServer.start(home, E2eServer.environment(s3, postgres, home, extra));
    }

    private static Map<String, Object> create(String table, String key) {
        return Map.of("table_name", table, "s3_pattern", List.of(S3 + key));
    }

    private static void assertStorageFull(HttpResponse<String> response, String setting, Path directory) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(507);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("storage_full");
        assertThat(body.get("detail").asText()).contains(setting).doesNotContain(directory.toString())
                .doesNotContain("/tmp/");
    }
}
