package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.testing.StagedTables;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled write on real LadybugDB files: the sync of an existing table is one transaction, so
 * a cancel heard anywhere before its commit leaves the rows and the sync record as before, and
 * the graph stays usable.
 */
class LadybugGraphSinkCancelTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final StagingPosition FIRST = new StagingPosition(1, 1);

    @TempDir
    Path tmp;
    private StagedTables staging;
    private LadybugGraphSink sink;

    @BeforeEach
    void setUp() {
        staging = new StagedTables(tmp.resolve("duck"));
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(256L << 20)
                .withMaxThreads(2), MemoryBudget.unlimited());
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        staging.close();
    }

    private GraphTarget target() {
        return sink.target(G, staging.schema(G, ENTITY), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void aCancelHeardAfterTheCopyRollsBackTheWholeSyncAndKeepsTheRecord() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'old' AS name, 'f' AS file_id FROM range(0, 1000) t(i)");
        GraphTarget empty = target();
        try (ParquetFile all = staging.export(G, ENTITY, empty)) {
            sink.write(G, empty, new GraphWrite(all, staging.none(empty), staging.none(empty), false, false, false,
                    Optional.of(FIRST)));
        }
        TableName inserts = TableName.of("Inserts");
        TableName updates = TableName.of("Updates");
        staging.stage(G, inserts, "SELECT i::BIGINT AS identifier, 'new' AS name, 'f' AS file_id FROM range(1000, 3000) t(i)");
        staging.stage(G, updates, "SELECT i::BIGINT AS identifier, 'changed' AS name, 'f' AS file_id FROM range(0, 10) t(i)");
        GraphTarget existing = target();
        Cancellation cancellation = new Cancellation();
        List<TaskProgress> reports = new ArrayList<>();
        ProgressListener cancelAfterCopy = p -> {
            reports.add(p);
            cancellation.cancel(ErrorCode.CANCELLED, "stopped after the copy");
        };

        try (ParquetFile added = staging.export(G, inserts, existing); ParquetFile changed = staging.export(G, updates, existing)) {
            GraphWrite sync = new GraphWrite(added, changed, staging.none(existing), false, false, false,
                    Optional.of(new StagingPosition(1, 2)));
            assertThatThrownBy(() -> sink.write(G, existing, sync, cancellation, cancelAfterCopy))
                    .isInstanceOfSatisfying(StagingException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                        assertThat(e.getMessage()).isEqualTo("stopped after the copy");
                    });

            assertThat(reports.get(0).phase()).isEqualTo(ProgressPhase.LOADING);
            assertThat(reports.get(0).done()).isEqualTo(2000);
            assertThat(sink.tables(G)).extracting(GraphTableStats::rowCount).containsExactly(1000L);
            assertThat(sink.syncRecords(G).values()).extracting(SyncRecord::position, SyncRecord::graphRows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(FIRST, 1000L));

            // Nothing was left open: the same write without a cancel goes through.
            sink.write(G, existing, sync, new Cancellation(), ProgressListener.NONE);
        }
        assertThat(sink.tables(G)).extracting(GraphTableStats::rowCount).containsExactly(3000L);
        assertThat(sink.syncRecords(G).values()).extracting(SyncRecord::position).containsExactly(new StagingPosition(1, 2));
    }

    /**
     * The same for a relationship table, whose sync copies new relationships in next to its rows
     * and updates and removes others, in one transaction: LadybugDB 0.14.3 empties a relationship
     * table (or crashes, with more rows) when it rolls back a completed {@code COPY} into it
     * (docs/ladybug-binding.md), so the cancelled sync must leave every relationship as it was.
     */
    @Test
    void aCancelledRelationshipSyncWithInsertsLeavesEveryRelationshipAsItWas() throws Exception {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'n' AS name, 'f' AS file_id FROM range(0, 1000) t(i)");
        staging.load(sink, G, ENTITY);
        TableName links = TableName.of("links");
        // (src, dst) unique: a source's three relationships go to 7s+1, 7s+2 and 7s+3.
        String pair = "i % 1000 AS src, (i * 7 + i // 1000 + 1) % 1000 AS dst";
        staging.stage(G, links, "SELECT " + pair + ", i AS weight, 'f' AS file_id FROM range(0, 3000) t(i)");
        staging.load(sink, G, links, Optional.of(ENTITY), Optional.of(ENTITY), false);
        TableName inserts = TableName.of("NewLinks");
        TableName updates = TableName.of("ChangedLinks");
        TableName removals = TableName.of("GoneLinks");
        staging.stage(G, inserts, "SELECT i AS src, (i * 13 + 5) % 1000 AS dst, -1 AS weight, 'f' AS file_id FROM range(0, 30) t(i)");
        staging.stage(G, updates, "SELECT " + pair + ", -2 AS weight, 'f' AS file_id FROM range(0, 30) t(i)");
        staging.stage(G, removals, "SELECT " + pair + ", i AS weight, 'f' AS file_id FROM range(100, 130) t(i)");
        GraphTarget existing = sink.target(G, staging.schema(G, links), Optional.empty(), Optional.empty(), Optional.empty());
        Cancellation cancellation = new Cancellation();
        ProgressListener cancelAfterTheCopy = p -> cancellation.cancel(ErrorCode.CANCELLED, "stopped after the copy");
        long sum = 2999L * 3000 / 2;

        try (ParquetFile added = staging.export(G, inserts, existing); ParquetFile changed = staging.export(G, updates, existing);
             ParquetFile gone = staging.export(G, removals, existing)) {
            GraphWrite sync = new GraphWrite(added, changed, gone, false, false, false, Optional.of(new StagingPosition(1, 2)));
            assertThatThrownBy(() -> sink.write(G, existing, sync, cancellation, cancelAfterTheCopy))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
            assertThat(sink.tables(G)).extracting(GraphTableStats::rowCount).containsExactlyInAnyOrder(1000L, 3000L);
            assertThat(weights(existing)).as("count, sum and minimum of the weights").containsExactly(3000L, sum, 0L);

            // Nothing was left open: the same write without a cancel goes through.
            sink.write(G, existing, sync, new Cancellation(), ProgressListener.NONE);
        }
        long changedSum = sum - 30 - (29L * 30 / 2 + 2 * 30) - (100L + 129) * 30 / 2;
        assertThat(weights(existing)).containsExactly(3000L, changedSum, -2L);
    }

    /** Count, sum and minimum of the weights of every relationship of {@code links}, read back through an export. */
    private List<Long> weights(GraphTarget links) throws SQLException {
        try (ParquetFile all = sink.exportRows(G, links, Optional.empty(), tmp.resolve("all-" + System.nanoTime() + ".parquet"));
             java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(weight), min(weight) FROM '" + all.path() + "'")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    /**
     * A cancel that comes once the rebuild's swap committed (here from the progress report that
     * follows it) is too late: the new table is in, so the write answers what it did and finishes
     * (the sync record too) instead of answering "cancelled". Several rounds: the engine is
     * interrupted every 20 ms while a cancel is heard, so a cancel still heard would stop one of
     * the statements after the swap in some round. Likewise for a new table once its copy is complete.
     */
    @Test
    void aCancelAfterTheRebuildsSwapCommittedIsTooLateAndTheRebuildAnswersWhatItDid() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'old' AS name, 'f' AS file_id FROM range(0, 1000) t(i)");
        GraphTarget empty = target();
        Cancellation tooLate = new Cancellation();
        try (ParquetFile all = staging.export(G, ENTITY, empty)) {
            GraphWriteResult created = sink.write(G, empty, new GraphWrite(all, staging.none(empty), staging.none(empty), false,
                    false, false, Optional.of(FIRST)), tooLate, p -> tooLate.cancel(ErrorCode.CANCELLED, "too late"));
            assertThat(created.inserted()).isEqualTo(1000);
        }
        assertThat(sink.syncRecords(G).values()).extracting(SyncRecord::position).containsExactly(FIRST);
        for (int round = 1; round <= 5; round++) {
            TableName rebuilt = TableName.of("Rebuilt" + round);
            staging.stage(G, rebuilt, "SELECT i::BIGINT AS identifier, 'r" + round + "' AS name, 'f' AS file_id FROM range(0, "
                    + (1000 + round) + ") t(i)");
            GraphTarget existing = target();
            Cancellation cancellation = new Cancellation();
            ProgressListener cancelAfterTheSwap = p -> cancellation.cancel(ErrorCode.CANCELLED, "too late");
            StagingPosition after = new StagingPosition(1, 1 + round);
            try (ParquetFile rows = staging.export(G, rebuilt, existing)) {
                GraphWriteResult result = sink.write(G, existing, new GraphWrite(rows, staging.none(existing),
                        staging.none(existing), true, false, false, Optional.of(after)), cancellation, cancelAfterTheSwap);
                assertThat(result.inserted()).as("round " + round).isEqualTo(1000 + round);
            }
            assertThat(cancellation.isCancelled()).isTrue();
            assertThat(sink.tables(G)).extracting(GraphTableStats::rowCount).containsExactly(1000L + round);
            assertThat(sink.syncRecords(G).values()).extracting(SyncRecord::position, SyncRecord::graphRows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(after, 1000L + round));
        }
    }

    @Test
    void aWriteCancelledBeforeItStartsTouchesNothing() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'a' AS name, 'f' AS file_id FROM range(0, 10) t(i)");
        GraphTarget target = target();
        Cancellation cancellation = new Cancellation();
        cancellation.cancel(ErrorCode.CANCELLED, "stopped before");

        try (ParquetFile all = staging.export(G, ENTITY, target)) {
            assertThatThrownBy(() -> sink.write(G, target, new GraphWrite(all, staging.none(target), staging.none(target),
                    false, false, false, Optional.empty()), cancellation, ProgressListener.NONE))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
        assertThat(sink.tables(G)).isEmpty();
    }
}
