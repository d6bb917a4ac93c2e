package io.graphstaging.tests.bench.graph;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.sync.Drift;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.core.sync.SyncedNodeTable;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.table.DuckDbSyncPlanner;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The endpoint check of a relationship sync from the change log, when 1% of the relationships
 * are new (inserts, not restatements) and the node table is synced exactly: the graph's answer
 * ({@code GraphSink.presentEndpoints}, what every such sync paid before) against staging's
 * ({@code GraphSink.syncRecords} then {@code SyncPlanner.presentInStaging}, what it pays now),
 * alternated on the same candidates in one process, medians of the rounds. Each round appends a
 * new 1% and then syncs it for real (timed, for scale), verified without drift.
 *
 * <pre>
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.graph.NewEndpointsBenchmark \
 *     [-Dexec.args="nodes rels rounds"]
 * </pre>
 */
public final class NewEndpointsBenchmark {
    private static final GraphId GRAPH = GraphId.of("bench");
    private static final TableName NODES = TableName.of("Entity");
    private static final TableName RELS = TableName.of("links");

    private NewEndpointsBenchmark() {}

    public static void main(String[] args) throws Exception {
        long nodes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long rels = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (ScratchDirectory scratch = ScratchDirectory.create("new-endpoints-bench")) {
            run(scratch.path(), nodes, rels, rounds);
        }
    }

    private static void run(Path dir, long nodes, long rels, int rounds) throws Exception {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir.resolve("staging"));
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(defaults.withThreads(2),
                new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC());
             LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(dir.resolve("graph")), MemoryBudget.unlimited())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            DuckDbSyncPlanner planner = new DuckDbSyncPlanner(pool);
            Path spool = pool.paths().spool(GRAPH);
            Files.createDirectories(spool);
            store.createTable(GRAPH, NODES, List.of(write(spool, "nodes", "SELECT i::BIGINT AS identifier, i * 3 AS amount"
                    + " FROM range(0, " + nodes + ") t(i)")), "s3://bench/nodes/*");
            // Each source s has the destinations 7s+1, 7s+2, 7s+3 (mod nodes); a round's new ones are 7s+4+round.
            store.createTable(GRAPH, RELS, List.of(write(spool, "rels", "SELECT (i % " + nodes + ")::BIGINT AS \"from\", ((i * 7"
                    + " + i // " + nodes + " + 1) % " + nodes + ")::BIGINT AS \"to\", (i % 1000)::BIGINT AS weight FROM range(0, "
                    + rels + ") t(i)")), "s3://bench/rels/*");
            Materialize materialize = new Materialize(store, planner, sink, new NoRegistry(), new TableLocks(Duration.ofHours(1)));
            materialize.execute(GRAPH, NODES, MaterializeOptions.sync());
            materialize.execute(GRAPH, RELS, links(false));
            System.out.printf("inputs: %,d nodes, %,d relationships, %,d new a round, %d rounds%n", nodes, rels, rels / 100,
                    rounds);

            List<Double> graph = new ArrayList<>();
            List<Double> staging = new ArrayList<>();
            List<Double> syncs = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                store.appendFiles(GRAPH, RELS, List.of(write(spool, "new-" + round, "SELECT (i % " + nodes + ")::BIGINT AS"
                        + " \"from\", ((i * 7 + 4 + " + round + ") % " + nodes + ")::BIGINT AS \"to\", 1::BIGINT AS weight"
                        + " FROM range(0, " + rels / 100 + ") t(i)")));
                Map<String, SyncRecord> records = sink.syncRecords(GRAPH);
                StagingPosition linksAt = records.get("links").position();
                TableSchema schema = store.describeTable(GRAPH, RELS).orElseThrow();
                GraphTarget target = sink.target(GRAPH, schema, Optional.of(NODES), Optional.of(NODES), Optional.empty());
                try (EndpointKeys candidates = planner.newEndpointsSince(GRAPH, RELS, Set.of(), linksAt)) {
                    long[] present = new long[2];
                    Runnable askGraph = () -> {
                        try (EndpointKeys keys = sink.presentEndpoints(GRAPH, target, candidates, planner.workFile(GRAPH, RELS),
                                planner.workFile(GRAPH, RELS))) {
                            present[0] = keys.from().rowCount();
                        }
                    };
                    Runnable askStaging = () -> {
                        SyncedNodeTable entity = new SyncedNodeTable(NODES, sink.syncRecords(GRAPH).get("entity").position());
                        try (EndpointKeys keys = planner.presentInStaging(GRAPH, RELS, candidates, entity, entity).orElseThrow()) {
                            present[1] = keys.from().rowCount();
                        }
                    };
                    // Alternating which goes first, so neither always finds the other's caches warm.
                    boolean graphFirst = round % 2 == 0;
                    double first = seconds(graphFirst ? askGraph : askStaging);
                    double second = seconds(graphFirst ? askStaging : askGraph);
                    double fromGraph = graphFirst ? first : second;
                    double fromStaging = graphFirst ? second : first;
                    graph.add(fromGraph);
                    staging.add(fromStaging);
                    System.out.printf("round %d: %,d candidate sources; graph %.3fs (%,d keys), staging %.3fs (%,d keys)",
                            round + 1, candidates.from().rowCount(), fromGraph, present[0], fromStaging, present[1]);
                }
                MaterializeResult[] synced = new MaterializeResult[1];
                double sync = seconds(() -> synced[0] = materialize.execute(GRAPH, RELS, links(false)));
                syncs.add(sync);
                if (synced[0].rowsInserted() != rels / 100) {
                    throw new IllegalStateException("inserted " + synced[0].rowsInserted() + ", expected " + rels / 100);
                }
                Drift drift = materialize.execute(GRAPH, RELS, links(true)).drift().orElseThrow();
                if (!drift.equals(new Drift(0, 0, 0))) {
                    throw new IllegalStateException("the graph drifted from staging: " + drift);
                }
                System.out.printf(", sync %.2fs%n", sync);
            }
            System.out.printf("medians over %d rounds: graph %.3fs, staging %.3fs (staging / graph %.3f), sync of 1%% new %.2fs%n",
                    rounds, Statistics.median(graph), Statistics.median(staging),
                    Statistics.median(staging) / Statistics.median(graph), Statistics.median(syncs));
        }
    }

    private static MaterializeOptions links(boolean verify) {
        return new MaterializeOptions(SyncMode.SYNC, false, Set.of(), Optional.of(NODES), Optional.of(NODES), false, verify,
                verify);
    }

    private static SourceFile write(Path spool, String name, String select) throws Exception {
        Path file = spool.resolve(name + ".parquet");
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        }
        return new SourceFile(ObjectUri.parse("s3://bench/" + name + ".parquet"), file, Optional.empty());
    }

    private static double seconds(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
