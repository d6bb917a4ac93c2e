package io.graphstaging.tests.graph;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.postgres.PostgresFileRegistry;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.graphstaging.registry.postgres.SortableIds;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Materialize end to end on real adapters: DuckDB staging files (per-file provenance, dedupe,
 * Parquet export), LadybugDB graph files, and the PostgreSQL registry recording ingestion.
 */
@ExtendWith(SharedPostgresExtension.class)
class MaterializeThroughDuckDbTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final TableName LINKS = TableName.of("links");
    private static final MaterializeOptions ALL = new MaterializeOptions(false, Set.of(), Optional.of(ENTITY),
            Optional.of(ENTITY));

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private RegistryDatabase registryDb;
    private PostgresFileRegistry registry;
    private LadybugGraphSink sink;
    private Materialize materialize;

    @BeforeEach
    void open(PostgresTestServer postgres) {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir.resolve("duckdb"));
        pool = new DuckDbConnectionPool(defaults.withThreads(2).withMemoryLimit(ByteSize.ofBytes(512_000_000)),
                new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        registryDb = RegistryDatabase.open(postgres.newDatabase());
        new SchemaMigrator(registryDb.jdbi(), MigrationScripts.bundled()).migrate();
        registry = new PostgresFileRegistry(registryDb, new SortableIds());
        sink = newSink();
        materialize = new Materialize(store, sink, registry, new TableLocks(Duration.ofSeconds(30)));
    }

    @AfterEach
    void close() {
        sink.close();
        pool.close();
        registryDb.close();
    }

    private LadybugGraphSink newSink() {
        return new LadybugGraphSink(LadybugConfig.defaults(dir.resolve("graphs")).withBufferPoolBytes(256L << 20).withMaxThreads(2),
                MemoryBudget.unlimited());
    }

    /** Writes a Parquet file into the graph's spool and registers it as uploaded. */
    private SourceFile file(TableName table, String name, String select) {
        Path path = pool.paths().spool(G).resolve(name);
        try {
            Files.createDirectories(path.getParent());
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("COPY (" + select + ") TO '" + path + "' (FORMAT parquet)");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot write " + name, e);
        }
        ObjectUri uri = new ObjectUri("landing", table + "/" + name);
        registry.registerTable(G, table, table.equals(LINKS) ? TableKind.RELATIONSHIP : TableKind.NODE);
        RegistryFile registered = registry.registerFile(new NewRegistryFile(G, table, uri, name, 100, UploadStatus.COMPLETED));
        return new SourceFile(uri, path, Optional.of(registered.id()));
    }

    /** Stages the files (in order: later wins) and records them as staged, as a refresh does. */
    private void stage(TableName table, List<SourceFile> files) {
        var staged = store.createTable(G, table, files, table + "/*.parquet");
        registry.recordStaging(G, table, files.stream().collect(Collectors.toMap(f -> f.fileId().orElseThrow(),
                f -> staged.rowsPerSourceFile().getOrDefault(f.provenanceKey(), 0L))), List.of(),
                staged.summary().rowCount());
    }

    private Map<FileId, GraphStatus> graphStatus(TableName table) {
        return registry.listFiles(G, table).stream().collect(Collectors.toMap(RegistryFile::id, RegistryFile::graphStatus));
    }

    private <T> T reopened(Function<Connection, T> read) {
        sink.close();
        try (Database db = Database.open(dir.resolve("graphs").resolve("g1.lbug"), new DatabaseConfig(128L << 20, 1, false));
             Connection c = db.connect()) {
            return read.apply(c);
        } finally {
            sink = newSink();
            materialize = new Materialize(store, sink, registry, new TableLocks(Duration.ofSeconds(30)));
        }
    }

    private List<Path> exportFiles() throws IOException {
        Path exports = pool.paths().exports(G);
        if (!Files.exists(exports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(exports)) {
            return files.toList();
        }
    }

    @Test
    void materializesTheDeduplicatedRelationAndMarksTheStagedFilesIngested() throws IOException {
        SourceFile older = file(ENTITY, "a.parquet",
                "SELECT i::BIGINT AS identifier, 'old-' || i AS name, i::DOUBLE AS score FROM range(0, 600) t(i)");
        SourceFile newer = file(ENTITY, "b.parquet",
                "SELECT i::BIGINT AS identifier, 'new-' || i AS name, (i * 2)::DOUBLE AS score FROM range(500, 1000) t(i)");
        stage(ENTITY, List.of(older, newer));
        SourceFile links = file(LINKS, "l.parquet",
                "SELECT i::BIGINT AS \"from\", ((i + 1) % 1000)::BIGINT AS \"to\", (i % 7)::BIGINT AS hops FROM range(0, 1000) t(i)");
        stage(LINKS, List.of(links));

        assertThat(materialize.execute(G, ENTITY, ALL)).isEqualTo(new MaterializeResult(G, ENTITY, false, 1000, 0));
        assertThat(materialize.execute(G, LINKS, ALL)).isEqualTo(new MaterializeResult(G, LINKS, false, 1000, 0));

        assertThat(sink.tables(G)).containsExactlyInAnyOrder(new GraphTableStats("Entity", GraphTableKind.NODE, 1000),
                new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 1000));
        assertThat(graphStatus(ENTITY)).containsOnly(Map.entry(older.fileId().orElseThrow(), GraphStatus.INGESTED),
                Map.entry(newer.fileId().orElseThrow(), GraphStatus.INGESTED));
        assertThat(graphStatus(LINKS)).containsOnly(Map.entry(links.fileId().orElseThrow(), GraphStatus.INGESTED));
        assertThat(exportFiles()).isEmpty();
        Row overlap = reopened(c -> c.query("MATCH (a:Entity)-[l:links]->(b:Entity) WHERE a.identifier = 550 "
                + "RETURN a.name, a.score, l.hops, b.identifier").next());
        assertThat(overlap.values()).containsExactly("new-550", 1100.0, 4L, 551L);
    }

    @Test
    void materializesByFileIdsAndOnlyWhatIsNewOnTheSecondRun() {
        SourceFile first = file(ENTITY, "a.parquet", "SELECT i::BIGINT AS identifier FROM range(0, 300) t(i)");
        SourceFile second = file(ENTITY, "b.parquet", "SELECT i::BIGINT AS identifier FROM range(200, 500) t(i)");
        stage(ENTITY, List.of(first, second));
        FileId firstId = first.fileId().orElseThrow();

        MaterializeResult onlyFirst = materialize.execute(G, ENTITY,
                new MaterializeOptions(false, Set.of(firstId), Optional.empty(), Optional.empty()));

        // Keys 200..299 belong to the later file after dedupe, so the first file contributes 200 rows.
        assertThat(onlyFirst).isEqualTo(new MaterializeResult(G, ENTITY, false, 200, 0));
        assertThat(graphStatus(ENTITY)).containsEntry(firstId, GraphStatus.INGESTED)
                .containsEntry(second.fileId().orElseThrow(), GraphStatus.PENDING);
        assertThat(materialize.execute(G, ENTITY, ALL)).isEqualTo(new MaterializeResult(G, ENTITY, false, 500, 0));
        assertThat(materialize.execute(G, ENTITY, ALL)).isEqualTo(new MaterializeResult(G, ENTITY, false, 500, 0));
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 500));
        assertThat(graphStatus(ENTITY)).containsOnly(Map.entry(firstId, GraphStatus.INGESTED),
                Map.entry(second.fileId().orElseThrow(), GraphStatus.INGESTED));
    }

    @Test
    void rejectedRelationshipsAreCountedOrFailTheWholeMaterialize() throws IOException {
        stage(ENTITY, List.of(file(ENTITY, "n.parquet", "SELECT i::BIGINT AS identifier FROM range(0, 100) t(i)")));
        materialize.execute(G, ENTITY, ALL);
        SourceFile links = file(LINKS, "l.parquet",
                "SELECT i::BIGINT AS \"from\", (i + 5)::BIGINT AS \"to\" FROM range(0, 100) t(i)");
        stage(LINKS, List.of(links));

        assertThatThrownBy(() -> materialize.execute(G, LINKS, ALL))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS));
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 100));
        assertThat(graphStatus(LINKS)).containsOnly(Map.entry(links.fileId().orElseThrow(), GraphStatus.PENDING));

        MaterializeResult lenient = materialize.execute(G, LINKS,
                new MaterializeOptions(true, Set.of(), Optional.of(ENTITY), Optional.of(ENTITY)));

        assertThat(lenient).isEqualTo(new MaterializeResult(G, LINKS, false, 95, 5));
        assertThat(sink.tables(G)).contains(new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 95));
        assertThat(exportFiles()).isEmpty();
    }

    @Test
    void aTableThatIsNotStagedIsSkipped() {
        assertThat(materialize.execute(G, TableName.of("absent"), ALL)).isEqualTo(MaterializeResult.skipped(G, TableName.of("absent")));
        assertThat(sink.tables(G)).isEmpty();
    }
}
