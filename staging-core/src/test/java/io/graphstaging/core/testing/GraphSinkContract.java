package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.Endpoints;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link GraphSink} must do, run against each implementation: LadybugDB with real
 * Parquet files and database files, and {@link InMemoryGraphSink} with {@link RowsFile}s. Driven as
 * a materialize drives a sink: describe the target, write in bulk, read back. Counts add up over
 * writes (a second insert adds to the table), updates and removals change only their keys, a
 * removed node takes its relationships along, the sync record is written last (exact) and kept
 * with the new row count, no longer exact, by later writes, a rebuild empties first (and one the graph refuses keeps the
 * old rows and record), and a relationship whose endpoint is missing is refused (or skipped and
 * counted with ignore_errors).
 */
public abstract class GraphSinkContract {
    protected static final String BIGINT = "BIGINT";
    protected static final String VARCHAR = "VARCHAR";
    private static final TableName ENTITY = TableName.of("Entity");
    private static final TableName LINKS = TableName.of("LINKS");

    /** The sink under test. */
    protected abstract GraphSink sink();

    /** Writes a file of rows in the format the sink reads (types {@code BIGINT} / {@code VARCHAR}). */
    protected abstract void writeRows(Path file, List<Column> columns, List<List<Object>> rows);

    /** Reads back every row of a file the sink wrote. */
    protected abstract List<List<Object>> readRows(ParquetFile file);

    @TempDir
    Path work;
    private final AtomicInteger files = new AtomicInteger();
    private GraphId graph;

    @BeforeEach
    void chooseGraph() {
        graph = GraphId.of("g-" + UUID.randomUUID().toString().substring(0, 8));
    }

    // ---- helpers

    protected static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static TableSchema entitySchema(GraphId graph) {
        return new TableSchema(graph, ENTITY, TableKind.NODE, List.of(new Column(TableKind.IDENTIFIER, BIGINT),
                new Column("name", VARCHAR), new Column(TableKind.FILE_ID, VARCHAR)));
    }

    private static TableSchema linksSchema(GraphId graph) {
        return new TableSchema(graph, LINKS, TableKind.RELATIONSHIP, List.of(new Column(TableKind.SRC, BIGINT),
                new Column(TableKind.DST, BIGINT), new Column("weight", BIGINT), new Column(TableKind.FILE_ID, VARCHAR)));
    }

    private GraphTarget entity() {
        return sink().target(graph, entitySchema(graph), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private GraphTarget links() {
        return sink().target(graph, linksSchema(graph), Optional.of(ENTITY), Optional.of(ENTITY), Optional.empty());
    }

    private ParquetFile file(List<Column> columns, List<List<Object>> rows) {
        Path path = work.resolve("rows-" + files.incrementAndGet() + ".parquet");
        if (!rows.isEmpty()) {
            writeRows(path, columns, rows);
        }
        return new ParquetFile(path, rows.size(), columns);
    }

    /** The target's columns and the rows in them (keys first, as the target orders them). */
    private ParquetFile rows(GraphTarget target, List<List<Object>> rows) {
        return file(target.columns(), rows);
    }

    private ParquetFile keys(GraphTarget target, List<List<Object>> keys) {
        return file(target.columns().stream().filter(c -> target.keyColumns().contains(c.name())).toList(), keys);
    }

    private ParquetFile none(GraphTarget target) {
        return rows(target, List.of());
    }

    private GraphWriteResult insert(GraphTarget target, List<List<Object>> rows) {
        return write(target, rows(target, rows), none(target), none(target), false, false, false, Optional.empty());
    }

    private GraphWriteResult write(GraphTarget target, ParquetFile inserts, ParquetFile updates, ParquetFile removals,
                                   boolean rebuild, boolean cascade, boolean ignoreErrors,
                                   Optional<StagingPosition> recordAfter) {
        try (inserts; updates; removals) {
            return sink().write(graph, target, new GraphWrite(inserts, updates, removals, rebuild, cascade, ignoreErrors,
                    recordAfter));
        }
    }

    private List<List<Object>> graphRows(GraphTarget target) {
        try (ParquetFile out = sink().exportRows(graph, target, Optional.empty(), work.resolve("out-" + files.incrementAndGet()
                + ".parquet"))) {
            List<List<Object>> rows = new ArrayList<>(readRows(out));
            assertThat(out.rowCount()).isEqualTo(rows.size());
            rows.sort(Comparator.comparing(Object::toString));
            return rows;
        }
    }

    private long count(String table) {
        return sink().tables(graph).stream().filter(t -> t.tableName().equalsIgnoreCase(table))
                .mapToLong(GraphTableStats::rowCount).sum();
    }

    private void threeEntities() {
        insert(entity(), List.of(row(1L, "a"), row(2L, "b"), row(3L, "c")));
    }

    // ---- the contract

    @Test
    void aMissingTableIsDescribedAsTheFirstWriteCreatesItAndNothingIsCreated() {
        GraphTarget target = entity();

        assertThat(target.exists()).isFalse();
        assertThat(target.kind()).isEqualTo(GraphTableKind.NODE);
        assertThat(target.keyColumns()).containsExactly(TableKind.IDENTIFIER);
        assertThat(target.columns()).extracting(Column::name).containsExactly(TableKind.IDENTIFIER, "name");
        assertThat(target.rowCount()).isZero();
        assertThat(target.record()).isEmpty();
        assertThat(sink().tables(graph)).isEmpty();
        assertThat(sink().syncRecords(graph)).isEmpty();
    }

    @Test
    void insertsAddToWhatTheTableHolds() {
        assertThat(insert(entity(), List.of(row(1L, "a"), row(2L, "b"), row(3L, "c"))).inserted()).isEqualTo(3);

        GraphTarget again = entity();
        assertThat(again.exists()).isTrue();
        assertThat(again.rowCount()).isEqualTo(3);
        assertThat(insert(again, List.of(row(4L, "d"), row(5L, "e"))).inserted()).isEqualTo(2);

        assertThat(sink().tables(graph)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 5));
        assertThat(graphRows(entity())).containsExactly(row(1L, "a"), row(2L, "b"), row(3L, "c"), row(4L, "d"), row(5L, "e"));
    }

    @Test
    void updatesChangeTheirKeysPropertiesAndRemovalsDeleteTheirKeysRows() {
        threeEntities();
        GraphTarget target = entity();

        GraphWriteResult written = write(target, none(target), rows(target, List.of(row(2L, "B"))),
                keys(target, List.of(row(3L))), false, false, false, Optional.empty());

        assertThat(written.updated()).isEqualTo(1);
        assertThat(written.deleted()).isEqualTo(1);
        assertThat(written.inserted()).isZero();
        assertThat(graphRows(entity())).containsExactly(row(1L, "a"), row(2L, "B"));
    }

    @Test
    void anExportOfKeysHoldsOnlyTheRowsOfThoseKeysTheGraphHas() {
        threeEntities();
        GraphTarget target = entity();
        try (ParquetFile wanted = keys(target, List.of(row(2L), row(9L)));
             ParquetFile out = sink().exportRows(graph, target, Optional.of(wanted), work.resolve("keys-out.parquet"))) {
            assertThat(readRows(out)).containsExactly(row(2L, "b"));
            assertThat(out.rowCount()).isEqualTo(1);
        }
    }

    /**
     * The record a write asks for is exact (the table holds exactly the rows staged at its
     * position); a later write that asks for none keeps its position with the new row count but
     * not its exactness, until a write asks for a record again.
     */
    @Test
    void theSyncRecordIsWrittenLastAndLaterWritesKeepItWithTheNewRowCountNoLongerExact() {
        GraphTarget target = entity();
        StagingPosition position = new StagingPosition(4, 7);
        write(target, rows(target, List.of(row(1L, "a"), row(2L, "b"))), none(target), none(target), false, false, false,
                Optional.of(position));

        SyncRecord record = sink().syncRecords(graph).get("entity");
        assertThat(record.position()).isEqualTo(position);
        assertThat(record.graphRows()).isEqualTo(2);
        assertThat(record.exact()).isTrue();
        assertThat(entity().record()).contains(record);

        insert(entity(), List.of(row(3L, "c")));

        SyncRecord kept = sink().syncRecords(graph).get("entity");
        assertThat(kept.position()).isEqualTo(position);
        assertThat(kept.graphRows()).isEqualTo(3);
        assertThat(kept.exact()).isFalse();
        assertThat(entity().record()).contains(kept);

        GraphTarget again = entity();
        write(again, none(again), rows(again, List.of(row(3L, "cc"))), none(again), false, false, false,
                Optional.of(new StagingPosition(4, 8)));
        assertThat(sink().syncRecords(graph).get("entity")).extracting(SyncRecord::position, SyncRecord::exact)
                .containsExactly(new StagingPosition(4, 8), true);
    }

    @Test
    void aWriteWhoseInsertsTheGraphPartlyRefusedKeepsTheRecordNotExact() {
        threeEntities();
        GraphTarget links = links();
        write(links, rows(links, List.of(row(1L, 2L, 10L))), none(links), none(links), false, false, false,
                Optional.of(new StagingPosition(1, 1)));
        GraphTarget again = links();

        GraphWriteResult written = write(again, rows(again, List.of(row(2L, 3L, 20L), row(3L, 99L, 30L))), none(again),
                none(again), false, false, true, Optional.of(new StagingPosition(1, 2)));

        assertThat(written.engineRejected()).isEqualTo(1);
        assertThat(sink().syncRecords(graph).get("links")).extracting(SyncRecord::position, SyncRecord::graphRows,
                SyncRecord::exact).containsExactly(new StagingPosition(1, 1), 2L, false);
    }

    @Test
    void aRebuildEmptiesTheTableBeforeItsInserts() {
        threeEntities();
        GraphTarget target = entity();

        GraphWriteResult written = write(target, rows(target, List.of(row(7L, "x"), row(8L, "y"))), none(target),
                none(target), true, false, false, Optional.of(new StagingPosition(1, 1)));

        assertThat(written.deleted()).isEqualTo(3);
        assertThat(written.inserted()).isEqualTo(2);
        assertThat(graphRows(entity())).containsExactly(row(7L, "x"), row(8L, "y"));
        assertThat(sink().syncRecords(graph).get("entity").graphRows()).isEqualTo(2);
    }

    @Test
    void aRebuildTheGraphRefusesKeepsTheOldRowsAndTheirRecord() {
        GraphTarget target = entity();
        StagingPosition position = new StagingPosition(2, 5);
        write(target, rows(target, List.of(row(1L, "a"), row(2L, "b"), row(3L, "c"))), none(target), none(target), false,
                false, false, Optional.of(position));
        GraphTarget again = entity();

        // Key 7 twice: the engine refuses the copy, after the rows before it may have been read.
        assertThatThrownBy(() -> write(again, rows(again, List.of(row(6L, "x"), row(7L, "y"), row(7L, "z"))), none(again),
                none(again), true, false, false, Optional.of(new StagingPosition(2, 6))))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS));

        assertThat(graphRows(entity())).containsExactly(row(1L, "a"), row(2L, "b"), row(3L, "c"));
        assertThat(sink().syncRecords(graph).get("entity")).extracting(SyncRecord::position, SyncRecord::graphRows)
                .containsExactly(position, 3L);
        assertThat(sink().tables(graph)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 3));
    }

    @Test
    void aRefusedRebuildWithCascadeKeepsTheRelationshipsPointingAtTheTable() {
        threeEntities();
        insert(links(), List.of(row(1L, 2L, 10L), row(2L, 3L, 20L)));
        GraphTarget entity = entity();

        assertThatThrownBy(() -> write(entity, rows(entity, List.of(row(1L, "a"), row(1L, "b"))), none(entity),
                none(entity), true, true, false, Optional.empty()))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS));

        assertThat(count("Entity")).isEqualTo(3);
        assertThat(graphRows(links())).containsExactly(row(1L, 2L, 10L), row(2L, 3L, 20L));
    }

    @Test
    void aRelationshipRebuildTheGraphRefusesKeepsTheOldRelationships() {
        threeEntities();
        GraphTarget links = links();
        write(links, rows(links, List.of(row(1L, 2L, 10L))), none(links), none(links), false, false, false,
                Optional.of(new StagingPosition(1, 1)));
        GraphTarget again = links();

        assertThatThrownBy(() -> write(again, rows(again, List.of(row(2L, 3L, 20L), row(3L, 99L, 30L))), none(again),
                none(again), true, false, false, Optional.of(new StagingPosition(1, 2))))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS));

        assertThat(graphRows(links())).containsExactly(row(1L, 2L, 10L));
        assertThat(sink().syncRecords(graph).get("links").position()).isEqualTo(new StagingPosition(1, 1));

        // The same rebuild without the dangling row replaces them, keeping the relationship's endpoints.
        GraphWriteResult written = write(again, rows(again, List.of(row(2L, 3L, 20L), row(3L, 1L, 30L))), none(again),
                none(again), true, false, false, Optional.of(new StagingPosition(1, 2)));
        assertThat(written.deleted()).isEqualTo(1);
        assertThat(graphRows(links())).containsExactly(row(2L, 3L, 20L), row(3L, 1L, 30L));
        assertThat(links().endpoints()).contains(new Endpoints("Entity", "Entity"));
        assertThat(sink().syncRecords(graph).get("links").position()).isEqualTo(new StagingPosition(1, 2));
    }

    @Test
    void aRemovedNodeTakesItsRelationshipsAlongAndTheirRecordGoes() {
        threeEntities();
        GraphTarget links = links();
        write(links, rows(links, List.of(row(1L, 2L, 10L), row(2L, 3L, 20L), row(1L, 3L, 30L))), none(links), none(links),
                false, false, false, Optional.of(new StagingPosition(1, 1)));
        assertThat(sink().syncRecords(graph)).containsKey("links");
        GraphTarget entity = entity();
        assertThat(entity.dependents()).containsExactly("LINKS");

        GraphWriteResult written = write(entity, none(entity), none(entity), keys(entity, List.of(row(2L))), false, false,
                false, Optional.empty());

        assertThat(written.deleted()).isEqualTo(1);
        assertThat(written.relationshipsRemoved()).isEqualTo(2);
        assertThat(count("LINKS")).isEqualTo(1);
        assertThat(graphRows(links())).containsExactly(row(1L, 3L, 30L));
        assertThat(sink().syncRecords(graph)).doesNotContainKey("links");
    }

    @Test
    void relationshipPropertiesAreUpdatedAndRelationshipsRemovedByTheirEndpoints() {
        threeEntities();
        insert(links(), List.of(row(1L, 2L, 10L), row(2L, 3L, 20L)));
        GraphTarget links = links();

        GraphWriteResult written = write(links, none(links), rows(links, List.of(row(1L, 2L, 11L))),
                keys(links, List.of(row(2L, 3L))), false, false, false, Optional.empty());

        assertThat(written.updated()).isEqualTo(1);
        assertThat(written.deleted()).isEqualTo(1);
        assertThat(graphRows(links())).containsExactly(row(1L, 2L, 11L));
        assertThat(count("Entity")).isEqualTo(3);
    }

    /** Each entity links to every other: a source's other relationships must stay as they are. */
    @Test
    void relationshipsAreReadUpdatedAndRemovedByTheirPairAmongTheirSourcesOtherRelationships() {
        insert(entity(), List.of(row(1L, "a"), row(2L, "b"), row(3L, "c"), row(4L, "d")));
        List<List<Object>> all = new ArrayList<>();
        for (long from = 1; from <= 4; from++) {
            for (long to = 1; to <= 4; to++) {
                if (from != to) {
                    all.add(row(from, to, from * 10 + to));
                }
            }
        }
        insert(links(), all);
        GraphTarget links = links();
        try (ParquetFile wanted = keys(links, List.of(row(1L, 3L), row(2L, 1L), row(1L, 4L), row(1L, 9L), row(9L, 1L)));
             ParquetFile out = sink().exportRows(graph, links, Optional.of(wanted), work.resolve("pairs-out.parquet"))) {
            assertThat(readRows(out)).containsExactlyInAnyOrder(row(1L, 3L, 13L), row(2L, 1L, 21L), row(1L, 4L, 14L));
            assertThat(out.rowCount()).isEqualTo(3);
        }

        // Two updates from one source, one removal from the same source, one from another.
        GraphWriteResult written = write(links, none(links), rows(links, List.of(row(1L, 2L, 120L), row(1L, 3L, 130L))),
                keys(links, List.of(row(1L, 4L), row(3L, 2L))), false, false, false, Optional.empty());

        assertThat(written.updated()).isEqualTo(2);
        assertThat(written.deleted()).isEqualTo(2);
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> r : all) {
            if (r.get(0).equals(1L) && r.get(1).equals(2L)) {
                expected.add(row(1L, 2L, 120L));
            } else if (r.get(0).equals(1L) && r.get(1).equals(3L)) {
                expected.add(row(1L, 3L, 130L));
            } else if (!(r.get(0).equals(1L) && r.get(1).equals(4L)) && !(r.get(0).equals(3L) && r.get(1).equals(2L))) {
                expected.add(r);
            }
        }
        assertThat(graphRows(links())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(count("LINKS")).isEqualTo(10);
    }

    @Test
    void aRebuildOfANodeTableThatRelationshipsPointAtTakesCascade() {
        threeEntities();
        insert(links(), List.of(row(1L, 2L, 10L)));
        GraphTarget entity = entity();

        assertThatThrownBy(() -> write(entity, rows(entity, List.of(row(1L, "a"))), none(entity), none(entity), true,
                false, false, Optional.empty()))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_IN_USE));
        assertThat(count("Entity")).isEqualTo(3);
        assertThat(count("LINKS")).isEqualTo(1);

        GraphWriteResult written = write(entity, rows(entity, List.of(row(1L, "a"))), none(entity), none(entity), true,
                true, false, Optional.empty());

        assertThat(written.emptiedTables()).containsExactly("LINKS");
        assertThat(count("Entity")).isEqualTo(1);
        assertThat(count("LINKS")).isZero();
    }

    @Test
    void aRelationshipWhoseEndpointIsMissingIsRefusedOrSkippedAndCountedWithIgnoreErrors() {
        threeEntities();
        insert(links(), List.of(row(1L, 2L, 10L)));
        GraphTarget links = links();

        assertThatThrownBy(() -> insert(links, List.of(row(2L, 3L, 20L), row(3L, 99L, 30L))))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS));
        assertThat(count("LINKS")).as("nothing written").isEqualTo(1);

        GraphWriteResult written = write(links, rows(links, List.of(row(2L, 3L, 20L), row(3L, 99L, 30L))), none(links),
                none(links), false, false, true, Optional.empty());

        assertThat(written.inserted()).isEqualTo(1);
        assertThat(written.engineRejected()).isEqualTo(1);
        assertThat(count("LINKS")).isEqualTo(2);
    }

    @Test
    void presentEndpointsHoldEveryCandidateTheEndpointTablesHoldAndNoOther() {
        threeEntities();
        GraphTarget links = links();
        List<Column> key = List.of(new Column("key", BIGINT));
        try (EndpointKeys candidates = new EndpointKeys(file(key, List.of(row(1L), row(9L))), file(key, List.of(row(3L))));
             EndpointKeys present = sink().presentEndpoints(graph, links, candidates, work.resolve("from.parquet"),
                     work.resolve("to.parquet"))) {
            // Every candidate the graph holds, never one it does not; a sink may add other held keys.
            List<List<Object>> held = List.of(row(1L), row(2L), row(3L));
            assertThat(readRows(present.from())).contains(row(1L)).doesNotContain(row(9L)).isSubsetOf(held);
            assertThat(present.from().rowCount()).isEqualTo(readRows(present.from()).size());
            assertThat(readRows(present.to())).contains(row(3L)).isSubsetOf(held);
        }
    }

    @Test
    void endpointKeysAreEveryKeyTheEndpointTablesHold() {
        threeEntities();
        GraphTarget links = links();

        Optional<EndpointKeys> all = sink().endpointKeys(graph, links, work.resolve("all-from.parquet"),
                work.resolve("all-to.parquet"));

        assertThat(all).as("integer keys travel exactly").isPresent();
        try (EndpointKeys keys = all.get()) {
            assertThat(readRows(keys.from())).containsExactlyInAnyOrder(row(1L), row(2L), row(3L));
            assertThat(readRows(keys.to())).containsExactlyInAnyOrder(row(1L), row(2L), row(3L));
            assertThat(keys.from().rowCount()).isEqualTo(3);
            assertThat(keys.from().columns()).containsExactly(new Column("key", BIGINT));
        }
    }

    @Test
    void aGraphNeverWrittenHasNoTablesAndNoRecords() {
        assertThat(sink().tables(graph)).isEmpty();
        assertThat(sink().syncRecords(graph)).isEmpty();
        assertThat(sink().engineVersion()).isNotBlank();
        sink().checkHealth();
    }
}
