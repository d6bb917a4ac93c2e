package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.QuarantinedRow;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StagingStore} must do, run against each implementation: the in-memory one
 * with its own simple file format, DuckDB with real Parquet files. Subclasses say where a
 * graph's source files must live and how to write and read back a file of rows.
 */
public abstract class StagingStoreContract {
    protected static final String BIGINT = "BIGINT";
    protected static final String VARCHAR = "VARCHAR";

    /** The store under test. */
    protected abstract StagingStore store();

    /** The directory a graph's fetched source files live in (the store may read only these). */
    protected abstract Path sourceDirectory(GraphId graph);

    /** Writes a source file with these columns (types {@code BIGINT} / {@code VARCHAR}) and rows. */
    protected abstract void writeSource(Path file, List<Column> columns, List<List<Object>> rows);

    /** Reads back every row of an exported file, in file order. */
    protected abstract List<List<Object>> readExport(ParquetExport export);

    private GraphId graph;
    private final TableName table = TableName.of("entities");

    @BeforeEach
    void chooseGraph() {
        graph = GraphId.of("g-" + UUID.randomUUID().toString().substring(0, 8));
    }

    // ---- helpers

    protected static List<Object> row(Object... values) {
        return java.util.Arrays.asList(values);
    }

    protected static List<Column> columns(String... nameTypePairs) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            columns.add(new Column(nameTypePairs[i], nameTypePairs[i + 1]));
        }
        return columns;
    }

    private SourceFile source(String key, Optional<FileId> id, List<Column> columns, List<List<Object>> rows) {
        Path dir = sourceDirectory(graph);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Path file = dir.resolve(UUID.randomUUID() + "-" + key.replace('/', '_'));
        writeSource(file, columns, rows);
        return new SourceFile(new ObjectUri("bucket", "data/" + key), file, id);
    }

    private SourceFile nodes(String key, List<List<Object>> rows) {
        return source(key, Optional.empty(), columns("identifier", BIGINT, "name", VARCHAR), rows);
    }

    private SourceFile nodesWithId(String key, String fileId, List<List<Object>> rows) {
        return source(key, Optional.of(FileId.of(fileId)), columns("identifier", BIGINT, "name", VARCHAR), rows);
    }

    private SourceFile garbage(String key) {
        Path file = sourceDirectory(graph).resolve(UUID.randomUUID() + "-" + key);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "this is not a data file", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new SourceFile(new ObjectUri("bucket", "data/" + key), file, Optional.empty());
    }

    /** The rows a reader sees (without file_id), sorted by their text. */
    private List<List<Object>> visibleRows(TableName name) {
        TableSchema schema = store().describeTable(graph, name).orElseThrow();
        List<String> names = schema.columns().stream().map(Column::name).filter(n -> !n.equals(TableKind.FILE_ID)).toList();
        try (ParquetExport export = store().exportParquet(graph, name, names, Set.of())) {
            List<List<Object>> rows = new ArrayList<>(readExport(export));
            rows.sort(Comparator.comparing(Object::toString));
            assertThat(export.rowCount()).isEqualTo(rows.size());
            return rows;
        }
    }

    private static void assertCode(Throwable thrown, ErrorCode code) {
        assertThat(thrown).isInstanceOf(StagingException.class);
        assertThat(((StagingException) thrown).code()).isEqualTo(code);
    }

    // ---- create: shaping and dedupe

    @Test
    void nodeTableKeepsOneRowPerIdentifierTheLaterFileAndLaterRowWinning() {
        SourceFile first = nodes("a.parquet", List.of(row(1L, "a1"), row(2L, "a2"), row(2L, "a2-later")));
        SourceFile second = nodes("b.parquet", List.of(row(2L, "b2"), row(3L, "b3")));

        StagedTable staged = store().createTable(graph, table, List.of(first, second), "s3://bucket/data/*.parquet");

        assertThat(staged.summary().kind()).isEqualTo(TableKind.NODE);
        assertThat(staged.summary().rowCount()).isEqualTo(3);
        assertThat(staged.summary().fileCount()).isEqualTo(2);
        assertThat(staged.rowsPerSourceFile()).containsEntry(first.provenanceKey(), 3L).containsEntry(second.provenanceKey(), 2L);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a1"), row(2L, "b2"), row(3L, "b3"));

        // The list order decides, not the names: reversed, the first file wins.
        store().createTable(graph, table, List.of(second, first), "x");
        assertThat(visibleRows(table)).containsExactly(row(1L, "a1"), row(2L, "a2-later"), row(3L, "b3"));
    }

    @Test
    void relationshipTableHasSrcDstFirstAndOneRowPerPair() {
        List<Column> cols = columns("weight", BIGINT, "from", VARCHAR, "to", VARCHAR);
        SourceFile a = source("r1.parquet", Optional.empty(), cols, List.of(row(1L, "x", "y"), row(2L, "y", "z")));
        SourceFile b = source("r2.parquet", Optional.empty(), cols, List.of(row(9L, "x", "y")));

        StagedTable staged = store().createTable(graph, table, List.of(a, b), "loc");

        assertThat(staged.summary().kind()).isEqualTo(TableKind.RELATIONSHIP);
        assertThat(store().describeTable(graph, table).orElseThrow().columns())
                .containsExactly(new Column("src", VARCHAR), new Column("dst", VARCHAR), new Column("weight", BIGINT));
        assertThat(visibleRows(table)).containsExactly(row("x", "y", 9L), row("y", "z", 2L));
    }

    @Test
    void plainTableKeepsEveryRow() {
        List<Column> cols = columns("k", BIGINT, "v", VARCHAR);
        SourceFile a = source("p1.parquet", Optional.empty(), cols, List.of(row(1L, "a"), row(1L, "a")));
        SourceFile b = source("p2.parquet", Optional.empty(), cols, List.of(row(1L, "a")));

        StagedTable staged = store().createTable(graph, table, List.of(a, b), "loc");

        assertThat(staged.summary().kind()).isEqualTo(TableKind.PLAIN);
        assertThat(staged.summary().rowCount()).isEqualTo(3);
        assertThat(visibleRows(table)).hasSize(3);
    }

    @Test
    void fileIdsAddAFileIdColumn() {
        SourceFile a = nodesWithId("a.parquet", "file_a", List.of(row(1L, "a")));

        store().createTable(graph, table, List.of(a), "loc");

        assertThat(store().describeTable(graph, table).orElseThrow().columns()).extracting(Column::name)
                .containsExactly("identifier", "name", "file_id");
    }

    @Test
    void keysWithQuotesSpacesAndSemicolonsStage() {
        SourceFile odd = nodes("it's a \"quoted\"; name.parquet", List.of(row(1L, "o'k; \"yes\"")));

        StagedTable staged = store().createTable(graph, TableName.of("odd-name_1"), List.of(odd), "s3://bucket/it's");

        assertThat(staged.summary().rowCount()).isEqualTo(1);
        assertThat(visibleRows(TableName.of("odd-name_1"))).containsExactly(row(1L, "o'k; \"yes\""));
        assertThat(store().listTables(graph)).extracting(TableSummary::location).containsExactly(Optional.of("s3://bucket/it's"));
    }

    @Test
    void tableNamesThatAStoreMightUseInternallyAreOrdinaryTables() {
        for (String name : List.of("tables", "files", "_staging", "rows")) {
            store().createTable(graph, TableName.of(name), List.of(nodes(name + ".parquet", List.of(row(1L, name)))), name);
        }
        for (String name : List.of("tables", "files", "_staging", "rows")) {
            assertThat(visibleRows(TableName.of(name))).containsExactly(row(1L, name));
        }
        assertThat(store().listTables(graph)).hasSize(4);
    }

    // ---- create: failures leave the old table

    @Test
    void createReplacesAtomicallyAndAFailureLeavesTheOldTable() {
        store().createTable(graph, table, List.of(nodes("a.parquet", List.of(row(1L, "old")))), "old");
        SourceFile good = nodes("b.parquet", List.of(row(5L, "new")));
        SourceFile bad = garbage("c.parquet");

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> store().createTable(graph, table, List.of(good, bad), "new"));

        assertCode(thrown, ErrorCode.UNREADABLE_FILE);
        assertThat(thrown).hasMessageContaining(bad.uri().toString());
        assertThat(visibleRows(table)).containsExactly(row(1L, "old"));

        store().createTable(graph, table, List.of(good), "new");
        assertThat(visibleRows(table)).containsExactly(row(5L, "new"));
        assertThat(store().listTables(graph)).singleElement().satisfies(t -> {
            assertThat(t.location()).contains("new");
            assertThat(t.fileCount()).isEqualTo(1);
        });
    }

    @Test
    void nullIdentifiersAreASchemaMismatchNamingTheFileAndCount() {
        store().createTable(graph, table, List.of(nodes("a.parquet", List.of(row(1L, "kept")))), "old");
        SourceFile nulls = nodes("nulls.parquet", List.of(row(null, "x"), row(2L, "y"), row(null, "z")));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> store().createTable(graph, table, List.of(nulls), "new"));

        assertCode(thrown, ErrorCode.SCHEMA_MISMATCH);
        assertThat(thrown).hasMessageContaining(nulls.uri().toString()).hasMessageContaining("2");
        assertThat(visibleRows(table)).containsExactly(row(1L, "kept"));
        assertCode(org.assertj.core.api.Assertions.catchThrowable(
                () -> store().appendFiles(graph, table, List.of(nulls))), ErrorCode.SCHEMA_MISMATCH);
        assertThat(visibleRows(table)).containsExactly(row(1L, "kept"));
    }

    @Test
    void aRefusedReappendKeepsTheRowsTheFileHadAndLaterWritesApplyOnce() {
        SourceFile a = nodesWithId("a.parquet", "fa", List.of(row(1L, "a1"), row(2L, "a2")));
        SourceFile b = nodesWithId("b.parquet", "fb", List.of(row(3L, "b3")));
        store().createTable(graph, table, List.of(a, b), "loc");
        // The same file id again, now with a NULL identifier: refused, and its old rows stay.
        SourceFile again = nodesWithId("a-v2.parquet", "fa", List.of(row(1L, "a1-v2"), row(null, "bad")));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertCode(org.assertj.core.api.Assertions.catchThrowable(
                    () -> store().appendFiles(graph, table, List.of(again))), ErrorCode.SCHEMA_MISMATCH);
            assertThat(visibleRows(table)).containsExactly(row(1L, "a1"), row(2L, "a2"), row(3L, "b3"));
            assertThat(store().listTables(graph)).singleElement().satisfies(t -> {
                assertThat(t.rowCount()).isEqualTo(3);
                assertThat(t.fileCount()).isEqualTo(2);
            });
        }

        StagedTable appended = store().appendFiles(graph, table, List.of(nodesWithId("c.parquet", "fc", List.of(row(4L, "c4")))));
        assertThat(appended.summary().rowCount()).isEqualTo(4);
        assertThat(store().deleteFileRows(graph, table, FileId.of("fb"))).isEqualTo(1);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a1"), row(2L, "a2"), row(4L, "c4"));
    }

    // ---- append

    @Test
    void appendAddsFilesAndTheNewFileWins() {
        store().createTable(graph, table, List.of(nodes("a.parquet", List.of(row(1L, "a1"), row(2L, "a2")))), "loc");

        StagedTable appended = store().appendFiles(graph, table, List.of(nodes("b.parquet", List.of(row(2L, "b2"), row(3L, "b3")))));

        assertThat(appended.summary().rowCount()).isEqualTo(3);
        assertThat(appended.summary().fileCount()).isEqualTo(2);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a1"), row(2L, "b2"), row(3L, "b3"));
    }

    @Test
    void reappendingAStagedFileReplacesItsRowsInsteadOfDoublingThem() {
        SourceFile a = nodesWithId("a.parquet", "fa", List.of(row(1L, "a1"), row(2L, "a2")));
        store().createTable(graph, table, List.of(a), "loc");
        store().appendFiles(graph, table, List.of(nodesWithId("b.parquet", "fb", List.of(row(2L, "b2")))));

        // The same file id again with new content: its rows are replaced, and it is now the latest file.
        StagedTable again = store().appendFiles(graph, table,
                List.of(nodesWithId("a-v2.parquet", "fa", List.of(row(1L, "a1-v2"), row(2L, "a2-v2")))));

        assertThat(again.summary().fileCount()).isEqualTo(2);
        assertThat(again.summary().rowCount()).isEqualTo(2);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a1-v2"), row(2L, "a2-v2"));

        // Deleting it brings back fb's row for key 2; key 1 had no other row.
        assertThat(store().deleteFileRows(graph, table, FileId.of("fa"))).isEqualTo(2);
        assertThat(visibleRows(table)).containsExactly(row(2L, "b2"));
    }

    @Test
    void reappendingTheSameFileTwiceKeepsTheCount() {
        SourceFile a = nodes("a.parquet", List.of(row(1L, "a1"), row(2L, "a2")));
        store().createTable(graph, table, List.of(a), "loc");

        StagedTable again = store().appendFiles(graph, table, List.of(a));

        assertThat(again.summary().rowCount()).isEqualTo(2);
        assertThat(again.summary().fileCount()).isEqualTo(1);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a1"), row(2L, "a2"));
    }

    @Test
    void appendToAMissingTableIsNotFound() {
        SourceFile a = nodes("a.parquet", List.of(row(1L, "a1")));
        assertCode(org.assertj.core.api.Assertions.catchThrowable(() -> store().appendFiles(graph, table, List.of(a))),
                ErrorCode.TABLE_NOT_FOUND);
        store().createTable(graph, TableName.of("other"), List.of(a), "loc");
        assertCode(org.assertj.core.api.Assertions.catchThrowable(() -> store().appendFiles(graph, table, List.of(a))),
                ErrorCode.TABLE_NOT_FOUND);
    }

    @Test
    void appendingAFileLackingToOrWithWrongTypesIsAMismatchAndChangesNothing() {
        List<Column> rel = columns("from", VARCHAR, "to", VARCHAR, "w", BIGINT);
        store().createTable(graph, table, List.of(source("r.parquet", Optional.empty(), rel, List.of(row("a", "b", 1L)))), "loc");
        SourceFile noTo = source("no-to.parquet", Optional.empty(), columns("from", VARCHAR, "w", BIGINT), List.of(row("c", 2L)));
        SourceFile wrongType = source("typed.parquet", Optional.empty(), columns("from", VARCHAR, "to", VARCHAR, "w", VARCHAR),
                List.of(row("c", "d", "heavy")));
        SourceFile good = source("good.parquet", Optional.empty(), rel, List.of(row("e", "f", 3L)));

        Throwable missing = org.assertj.core.api.Assertions.catchThrowable(
                () -> store().appendFiles(graph, table, List.of(good, noTo)));
        Throwable typed = org.assertj.core.api.Assertions.catchThrowable(
                () -> store().appendFiles(graph, table, List.of(wrongType)));

        assertCode(missing, ErrorCode.SCHEMA_MISMATCH);
        assertThat(missing).hasMessageContaining(noTo.uri().toString()).hasMessageContaining("'to'");
        assertCode(typed, ErrorCode.SCHEMA_MISMATCH);
        assertThat(typed).hasMessageContaining(wrongType.uri().toString()).hasMessageContaining("'w'");
        assertThat(visibleRows(table)).containsExactly(row("a", "b", 1L));
        assertThat(store().listTables(graph)).singleElement().satisfies(t -> assertThat(t.fileCount()).isEqualTo(1));
    }

    @Test
    void appendingAnUnreadableFileIsUnreadableAndChangesNothing() {
        store().createTable(graph, table, List.of(nodes("a.parquet", List.of(row(1L, "a")))), "loc");
        SourceFile bad = garbage("bad.parquet");

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> store().appendFiles(graph, table, List.of(bad)));

        assertCode(thrown, ErrorCode.UNREADABLE_FILE);
        assertThat(thrown).hasMessageContaining(bad.uri().toString());
        assertThat(visibleRows(table)).containsExactly(row(1L, "a"));
    }

    @Test
    void theReportedRowCountMatchesTheRowsAfterEveryKindOfChange() {
        SourceFile a = nodesWithId("a.parquet", "fa", List.of(row(1L, "a"), row(2L, "a"), row(3L, "a"), row(3L, "a-again")));
        SourceFile b = nodesWithId("b.parquet", "fb", List.of(row(3L, "b"), row(4L, "b")));
        SourceFile c = nodesWithId("c.parquet", "fc", List.of(row(4L, "c"), row(5L, "c"), row(1L, "c")));
        SourceFile b2 = nodesWithId("b2.parquet", "fb", List.of(row(6L, "b2")));
        List<Runnable> steps = List.of(
                () -> store().createTable(graph, table, List.of(a, b), "loc"),
                () -> store().appendFiles(graph, table, List.of(c)),
                () -> store().appendFiles(graph, table, List.of(b2)),
                () -> store().deleteFileRows(graph, table, FileId.of("fc")),
                () -> store().appendFiles(graph, table, List.of(c, b)),
                () -> store().deleteFileRows(graph, table, FileId.of("fa")));
        for (Runnable step : steps) {
            step.run();
            long reported = store().listTables(graph).get(0).rowCount();
            assertThat(reported).isEqualTo(visibleRows(table).size());
        }
        assertThat(visibleRows(table)).containsExactly(row(1L, "c"), row(3L, "b"), row(4L, "b"), row(5L, "c"));
    }

    // ---- delete a file's rows

    @Test
    void deletingAFilesRowsBringsBackRowsOfOtherFiles() {
        SourceFile a = nodesWithId("a.parquet", "fa", List.of(row(1L, "a1"), row(2L, "a2")));
        SourceFile b = nodesWithId("b.parquet", "fb", List.of(row(2L, "b2"), row(3L, "b3")));
        store().createTable(graph, table, List.of(a, b), "loc");

        long removed = store().deleteFileRows(graph, table, FileId.of("fb"));

        assertThat(removed).isEqualTo(2);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a1"), row(2L, "a2"));
        assertThat(store().listTables(graph)).singleElement().satisfies(t -> {
            assertThat(t.rowCount()).isEqualTo(2);
            assertThat(t.fileCount()).isEqualTo(1);
        });
        assertThat(store().deleteFileRows(graph, table, FileId.of("fb"))).isZero();
        assertThat(store().deleteFileRows(graph, table, FileId.of("unknown"))).isZero();
        assertThat(store().deleteFileRows(graph, TableName.of("missing"), FileId.of("fa"))).isZero();
    }

    @Test
    void deletingByFileIdOnATableWithoutFileIdsIsRefused() {
        store().createTable(graph, table, List.of(nodes("a.parquet", List.of(row(1L, "a")))), "loc");

        assertCode(org.assertj.core.api.Assertions.catchThrowable(
                () -> store().deleteFileRows(graph, table, FileId.of("fa"))), ErrorCode.NO_FILE_ID_COLUMN);
    }

    // ---- list, describe, drop

    @Test
    void listingAnUnknownGraphIsEmptyAndDroppingIsIdempotent() {
        assertThat(store().listTables(graph)).isEmpty();
        assertThat(store().describeTable(graph, table)).isEmpty();
        assertThat(store().dropTable(graph, table)).isFalse();

        store().createTable(graph, table, List.of(nodes("a.parquet", List.of(row(1L, "a")))), "loc");
        store().createTable(graph, TableName.of("second"), List.of(nodes("b.parquet", List.of(row(1L, "b")))), "loc2");
        assertThat(store().listTables(graph)).extracting(t -> t.table().value()).containsExactlyInAnyOrder("entities", "second");
        assertThat(store().listTables(graph)).allSatisfy(t -> {
            assertThat(t.rowCount()).isEqualTo(1);
            assertThat(t.sizeBytes()).isPositive();
        });

        assertThat(store().dropTable(graph, table)).isTrue();
        assertThat(store().dropTable(graph, table)).isFalse();
        assertThat(store().listTables(graph)).extracting(t -> t.table().value()).containsExactly("second");
    }

    @Test
    void readSchemaReportsColumnsWithoutStaging() {
        SourceFile a = nodes("a.parquet", List.of(row(1L, "a")));

        assertThat(store().readSchema(graph, a)).containsExactly(new Column("identifier", BIGINT), new Column("name", VARCHAR));
        assertThat(store().listTables(graph)).isEmpty();
        assertCode(org.assertj.core.api.Assertions.catchThrowable(() -> store().readSchema(graph, garbage("g.parquet"))),
                ErrorCode.UNREADABLE_FILE);
    }

    // ---- export

    @Test
    void exportWritesTheChosenColumnsInOrderAndCanBeLimitedToFiles() {
        SourceFile a = nodesWithId("a.parquet", "fa", List.of(row(1L, "a1"), row(2L, "a2")));
        SourceFile b = nodesWithId("b.parquet", "fb", List.of(row(2L, "b2"), row(3L, "b3")));
        store().createTable(graph, table, List.of(a, b), "loc");

        try (ParquetExport export = store().exportParquet(graph, table, List.of("name", "identifier"), Set.of(FileId.of("fa")))) {
            assertThat(export.columns()).extracting(Column::name).containsExactly("name", "identifier");
            assertThat(readExport(export)).containsExactly(row("a1", 1L));
            assertThat(export.rowCount()).isEqualTo(1);
            assertThat(export.path()).exists();
            Path path = export.path();
            export.close();
            assertThat(path).doesNotExist();
        }
        assertCode(org.assertj.core.api.Assertions.catchThrowable(
                () -> store().exportParquet(graph, table, List.of("nope"), Set.of())), ErrorCode.SCHEMA_MISMATCH);
        assertCode(org.assertj.core.api.Assertions.catchThrowable(
                () -> store().exportParquet(graph, TableName.of("missing"), List.of("name"), Set.of())), ErrorCode.TABLE_NOT_FOUND);
    }

    // ---- schema contracts

    private static final SchemaContract EVOLVE = new SchemaContract(SchemaContract.Columns.EVOLVE,
            SchemaContract.Rows.REJECT_FILE);
    private static final SchemaContract QUARANTINE = new SchemaContract(SchemaContract.Columns.FREEZE,
            SchemaContract.Rows.QUARANTINE);
    private static final SchemaContract EVOLVE_QUARANTINE = new SchemaContract(SchemaContract.Columns.EVOLVE,
            SchemaContract.Rows.QUARANTINE);

    private StagedTable create(SchemaContract contract, SourceFile... files) {
        return store().createTable(graph, table, List.of(files), "loc", contract, new Cancellation());
    }

    private StagedTable append(Optional<SchemaContract> contract, SourceFile... files) {
        return store().appendFiles(graph, table, List.of(files), contract, new Cancellation());
    }

    @Test
    void theDefaultContractIsFreezeAndRejectFileAndIsShownInTheListing() {
        StagedTable staged = store().createTable(graph, table, List.of(nodes("a.parquet", List.of(row(1L, "a")))), "loc");

        assertThat(staged.summary().contract()).isEqualTo(SchemaContract.DEFAULT);
        assertThat(staged.rowsQuarantined()).isZero();
        SourceFile extra = source("b.parquet", Optional.empty(), columns("identifier", BIGINT, "name", VARCHAR,
                "rating", BIGINT), List.of(row(2L, "b", 5L)));
        assertCode(org.assertj.core.api.Assertions.catchThrowable(() -> append(Optional.empty(), extra)),
                ErrorCode.SCHEMA_MISMATCH);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a"));
    }

    @Test
    void evolveAddsNewColumnsFillsMissingOnesAndKeepsDedupeAndProvenanceAcrossTheChange() {
        SourceFile q1 = nodesWithId("q1.parquet", "q1", List.of(row(1L, "a"), row(2L, "b")));
        SourceFile q2 = source("q2.parquet", Optional.of(FileId.of("q2")), columns("identifier", BIGINT, "name", VARCHAR,
                "rating", BIGINT), List.of(row(2L, "b2", 7L), row(3L, "c", 8L)));
        SourceFile q3 = source("q3.parquet", Optional.of(FileId.of("q3")), columns("identifier", BIGINT, "rating", BIGINT),
                List.of(row(4L, 9L)));
        create(EVOLVE, q1);

        StagedTable appended = append(Optional.empty(), q2, q3);

        assertThat(appended.summary().contract()).isEqualTo(EVOLVE);
        assertThat(store().describeTable(graph, table).orElseThrow().columns()).extracting(Column::name)
                .containsExactly("identifier", "name", "rating", "file_id");
        assertThat(visibleRows(table)).containsExactly(row(1L, "a", null), row(2L, "b2", 7L), row(3L, "c", 8L),
                row(4L, null, 9L));
        // Deleting the file that brought the column back: the older row of key 2 is visible again.
        assertThat(store().deleteFileRows(graph, table, FileId.of("q2"))).isEqualTo(2);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a", null), row(2L, "b", null), row(4L, null, 9L));
        assertThat(store().describeTable(graph, table).orElseThrow().columns()).extracting(Column::name)
                .contains("rating");
    }

    @Test
    void evolveRefusesATypeWithNoLosslessCommonTypeNamingTheColumnAndBothTypes() {
        create(EVOLVE, nodes("a.parquet", List.of(row(1L, "a"))));
        SourceFile text = source("b.parquet", Optional.empty(), columns("identifier", BIGINT, "name", BIGINT),
                List.of(row(2L, 5L)));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> append(Optional.empty(), text));

        assertCode(thrown, ErrorCode.SCHEMA_MISMATCH);
        assertThat(thrown.getMessage()).contains("'name'", BIGINT, VARCHAR, "data/b.parquet");
        assertThat(visibleRows(table)).containsExactly(row(1L, "a"));
    }

    @Test
    void quarantineKeepsNullKeyRowsAsideAndStagesTheRest() {
        SourceFile a = nodesWithId("a.parquet", "fa", List.of(row(1L, "a"), row(null, "lost"), row(3L, "c")));

        StagedTable staged = create(QUARANTINE, a);

        assertThat(staged.rowsQuarantined()).isEqualTo(1);
        assertThat(staged.rowsPerSourceFile()).containsEntry(a.provenanceKey(), 2L);
        assertThat(visibleRows(table)).containsExactly(row(1L, "a"), row(3L, "c"));
        QuarantinePage page = store().quarantine(graph, table, 10, 0);
        assertThat(page.total()).isEqualTo(1);
        QuarantinedRow kept = page.rows().get(0);
        assertThat(kept.fileId()).contains("fa");
        assertThat(kept.rowNumber()).isEqualTo(1);
        assertThat(kept.reason()).contains("identifier");
        assertThat(kept.values()).contains("lost");

        assertThat(store().deleteFileRows(graph, table, FileId.of("fa"))).isEqualTo(2);
        assertThat(store().quarantine(graph, table, 10, 0).total()).isZero();
    }

    @Test
    void evolveWithQuarantineCastsValuesOneByOneAndKeepsAsideThoseThatDoNotCast() {
        create(EVOLVE_QUARANTINE, source("a.parquet", Optional.empty(), columns("identifier", BIGINT, "score", BIGINT),
                List.of(row(1L, 10L))));
        SourceFile text = source("b.parquet", Optional.empty(), columns("identifier", BIGINT, "score", VARCHAR),
                List.of(row(2L, "20"), row(3L, "many"), row(4L, null)));

        StagedTable staged = append(Optional.empty(), text);

        assertThat(staged.rowsQuarantined()).isEqualTo(1);
        assertThat(store().describeTable(graph, table).orElseThrow().columns())
                .containsExactly(new Column("identifier", BIGINT), new Column("score", BIGINT));
        assertThat(visibleRows(table)).containsExactly(row(1L, 10L), row(2L, 20L), row(4L, null));
        QuarantinedRow kept = store().quarantine(graph, table, 10, 0).rows().get(0);
        assertThat(kept.rowNumber()).isEqualTo(1);
        assertThat(kept.reason()).contains("score", BIGINT);
    }

    @Test
    void aReplacedFileReplacesItsQuarantinedRows() {
        create(QUARANTINE, nodes("a.parquet", List.of(row(1L, "a"))));
        SourceFile b = nodes("b.parquet", List.of(row(null, "x"), row(null, "y")));
        assertThat(append(Optional.empty(), b).rowsQuarantined()).isEqualTo(2);

        append(Optional.empty(), nodes("b.parquet", List.of(row(2L, "b"), row(null, "z"))));

        QuarantinePage page = store().quarantine(graph, table, 10, 0);
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.rows().get(0).values()).contains("z");
        assertThat(store().quarantine(graph, table, 1, 1).rows()).isEmpty();
    }

    @Test
    void aContractChangesWithTheTableOrAnAppendAndARefusedAppendKeepsTheOldOne() {
        create(SchemaContract.DEFAULT, nodes("a.parquet", List.of(row(1L, "a"))));

        assertThat(store().changeContract(graph, table, QUARANTINE).contract()).isEqualTo(QUARANTINE);
        assertThat(store().listTables(graph)).extracting(TableSummary::contract).containsExactly(QUARANTINE);
        SourceFile text = source("b.parquet", Optional.empty(), columns("identifier", BIGINT, "name", BIGINT),
                List.of(row(2L, 5L)));
        assertCode(org.assertj.core.api.Assertions.catchThrowable(() -> append(Optional.of(EVOLVE), text)),
                ErrorCode.SCHEMA_MISMATCH);
        assertThat(store().listTables(graph)).extracting(TableSummary::contract).containsExactly(QUARANTINE);
        assertCode(org.assertj.core.api.Assertions.catchThrowable(
                () -> store().changeContract(graph, TableName.of("missing"), EVOLVE)), ErrorCode.TABLE_NOT_FOUND);
        assertCode(org.assertj.core.api.Assertions.catchThrowable(
                () -> store().quarantine(graph, TableName.of("missing"), 10, 0)), ErrorCode.TABLE_NOT_FOUND);
    }

    protected final GraphId graph() {
        return graph;
    }
}
