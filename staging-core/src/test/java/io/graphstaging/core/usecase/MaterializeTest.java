package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryGraphSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaterializeTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITIES = TableName.of("entities");
    private static final MaterializeOptions ALL = new MaterializeOptions(false, Set.of(), Optional.empty(), Optional.empty());

    private final ExportingStore store = new ExportingStore();
    private final InMemoryGraphSink sink = new InMemoryGraphSink();
    private final InMemoryFileRegistry registry = new InMemoryFileRegistry();
    private final Map<FileId, Long> staged = new HashMap<>();
    private Materialize materialize;

    @BeforeEach
    void setUp() {
        materialize = new Materialize(store, sink, registry, new TableLocks(Duration.ofSeconds(1)));
    }

    @Test
    void aMissingStagingTableIsSkippedAndNothingIsMarked() {
        RegistryFile file = registerStaged("a.parquet");

        MaterializeResult result = materialize.execute(G, ENTITIES, ALL);

        assertThat(result).isEqualTo(MaterializeResult.skipped(G, ENTITIES));
        assertThat(sink.calls()).isEmpty();
        assertThat(graphStatus(file.id())).isEqualTo(GraphStatus.PENDING);
    }

    @Test
    void materializesAndMarksEveryStagedFileWhenNoFileIdsAreGiven() {
        store.table(ENTITIES, TableKind.NODE, 40);
        RegistryFile a = registerStaged("a.parquet");
        RegistryFile b = registerStaged("b.parquet");
        RegistryFile notStaged = registry.registerFile(new NewRegistryFile(G, ENTITIES, ObjectUri.parse("s3://bucket/c.parquet"),
                "c.parquet", 10, UploadStatus.COMPLETED));

        MaterializeResult result = materialize.execute(G, ENTITIES, ALL);

        assertThat(result).isEqualTo(new MaterializeResult(G, ENTITIES, false, 40, 0));
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("entities", GraphTableKind.NODE, 40));
        assertThat(graphStatus(a.id())).isEqualTo(GraphStatus.INGESTED);
        assertThat(graphStatus(b.id())).isEqualTo(GraphStatus.INGESTED);
        assertThat(graphStatus(notStaged.id())).isEqualTo(GraphStatus.PENDING);
        assertThat(store.openExports).isZero();
    }

    @Test
    void marksOnlyTheGivenFilesAndPassesThemToTheExport() {
        store.table(ENTITIES, TableKind.NODE, 10);
        RegistryFile a = registerStaged("a.parquet");
        RegistryFile b = registerStaged("b.parquet");
        MaterializeOptions onlyA = new MaterializeOptions(false, Set.of(a.id()), Optional.empty(), Optional.empty());

        materialize.execute(G, ENTITIES, onlyA);

        assertThat(store.exportedFiles).containsExactly(Set.of(a.id()));
        assertThat(graphStatus(a.id())).isEqualTo(GraphStatus.INGESTED);
        assertThat(graphStatus(b.id())).isEqualTo(GraphStatus.PENDING);
    }

    @Test
    void aTableTheRegistryDoesNotKnowIsMaterializedWithoutMarking() {
        store.table(ENTITIES, TableKind.NODE, 5);

        assertThat(materialize.execute(G, ENTITIES, ALL).rowsIngested()).isEqualTo(5);
    }

    @Test
    void aFailedMaterializeMarksNothing() {
        store.table(ENTITIES, TableKind.NODE, 10);
        RegistryFile a = registerStaged("a.parquet");
        sink.rejectNext(2);

        assertThatThrownBy(() -> materialize.execute(G, ENTITIES, ALL))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS));
        assertThat(graphStatus(a.id())).isEqualTo(GraphStatus.PENDING);
        assertThat(store.openExports).isZero();
    }

    @Test
    void rejectedRowsAreReportedWhenErrorsAreIgnored() {
        store.table(ENTITIES, TableKind.NODE, 10);
        sink.rejectNext(3);

        MaterializeResult result = materialize.execute(G, ENTITIES,
                new MaterializeOptions(true, Set.of(), Optional.empty(), Optional.empty()));

        assertThat(result.rowsIngested()).isEqualTo(7);
        assertThat(result.rowsRejected()).isEqualTo(3);
    }

    private RegistryFile registerStaged(String name) {
        registry.registerTable(G, ENTITIES, TableKind.NODE);
        RegistryFile file = registry.registerFile(new NewRegistryFile(G, ENTITIES, ObjectUri.parse("s3://bucket/" + name), name,
                100, UploadStatus.COMPLETED));
        staged.put(file.id(), 10L);
        // A staging rebuild records the whole table: every file staged so far.
        registry.recordStaging(G, ENTITIES, staged, List.of(), 10L * staged.size());
        assertThat(registry.listFiles(G, ENTITIES).stream().filter(f -> f.id().equals(file.id())).findFirst().orElseThrow()
                .stagingStatus()).isEqualTo(StagingStatus.STAGED);
        return file;
    }

    private GraphStatus graphStatus(FileId id) {
        return registry.listFiles(G, ENTITIES).stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().graphStatus();
    }

    /** Describe and export only: what Materialize and the sink use of the staging store. */
    private static final class ExportingStore implements StagingStore {
        private final Map<TableName, TableSchema> schemas = new HashMap<>();
        private final Map<TableName, Long> rows = new HashMap<>();
        final List<Set<FileId>> exportedFiles = new ArrayList<>();
        int openExports;

        void table(TableName table, TableKind kind, long rowCount) {
            schemas.put(table, new TableSchema(G, table, kind,
                    List.of(new Column("identifier", "BIGINT"), new Column("file_id", "VARCHAR"))));
            rows.put(table, rowCount);
        }

        @Override
        public Optional<TableSchema> describeTable(GraphId graph, TableName table) {
            return Optional.ofNullable(schemas.get(table));
        }

        @Override
        public ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles) {
            exportedFiles.add(onlyFiles);
            openExports++;
            long count = rows.get(table);
            return new ParquetExport() {
                @Override
                public Path path() {
                    return Path.of("/nonexistent/export.parquet");
                }

                @Override
                public List<Column> columns() {
                    return columns.stream().map(c -> new Column(c, "BIGINT")).toList();
                }

                @Override
                public long rowCount() {
                    return count;
                }

                @Override
                public void close() {
                    openExports--;
                }
            };
        }

        @Override
        public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location) {
            throw new UnsupportedOperationException("not used by Materialize");
        }

        @Override
        public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files) {
            throw new UnsupportedOperationException("not used by Materialize");
        }

        @Override
        public List<Column> readSchema(GraphId graph, SourceFile file) {
            throw new UnsupportedOperationException("not used by Materialize");
        }

        @Override
        public List<TableSummary> listTables(GraphId graph) {
            throw new UnsupportedOperationException("not used by Materialize");
        }

        @Override
        public boolean dropTable(GraphId graph, TableName table) {
            throw new UnsupportedOperationException("not used by Materialize");
        }

        @Override
        public long deleteFileRows(GraphId graph, TableName table, FileId fileId) {
            throw new UnsupportedOperationException("not used by Materialize");
        }
    }
}
