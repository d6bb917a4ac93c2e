package io.graphstaging.tests.bench.ladybug;

import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sink's way of adding relationships to an existing table costs: the engine's
 * {@code COPY} of the new relationships against the statement the sink runs instead,
 * {@code LOAD FROM ... MATCH (a) ... MATCH (b) ... CREATE} (LoadPlan.createRelationships; 0.14.3
 * empties the table when it rolls back a completed COPY, docs/ladybug-binding.md). Each in a
 * transaction, committed, on a node table and a relationship table shaped as
 * {@code SyncBenchmark} makes them, alternating, each round adding the same pairs once more.
 * Prints the median seconds of statement plus commit.
 *
 * <p>Seen on 0.14.3 (2 shared cores, load average 6-11; 5, 3 and 3 rounds): new relationships into
 * 3M, COPY then CREATE: 30k 1.29 s and 0.54 s (0.42x: most of the COPY's time is its commit),
 * 300k 3.61 s and 6.99 s (1.94x), 1M 10.5 s and 21.9 s (2.08x).
 *
 * <pre>
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.ladybug.RelationshipInsertBenchmark \
 *     [-Dexec.args="nodes rels inserts rounds"]
 * </pre>
 */
public final class RelationshipInsertBenchmark {
    private RelationshipInsertBenchmark() {}

    public static void main(String[] args) throws Exception {
        long nodes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long rels = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        long inserts = args.length > 2 ? Long.parseLong(args[2]) : rels / 100;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (ScratchDirectory scratch = ScratchDirectory.create("relationship-insert")) {
            run(scratch.path(), nodes, rels, inserts, rounds);
        }
    }

    private static void run(Path dir, long nodes, long rels, long inserts, int rounds) throws Exception {
        Path nodeFile = dir.resolve("nodes.parquet");
        Path relFile = dir.resolve("rels.parquet");
        Path newFile = dir.resolve("new-rels.parquet");
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SET threads=2");
            st.execute("COPY (SELECT i::BIGINT AS identifier, i % 97 AS category FROM range(0, " + nodes + ") t(i)) TO '"
                    + nodeFile + "' (FORMAT parquet)");
            st.execute("COPY (SELECT (i % " + nodes + ")::BIGINT AS src, ((i * 7 + i // " + nodes + " + 1) % " + nodes
                    + ")::BIGINT AS dst, (i % 1000)::BIGINT AS weight FROM range(0, " + rels + ") t(i)) TO '" + relFile
                    + "' (FORMAT parquet)");
            st.execute("COPY (SELECT (i % " + nodes + ")::BIGINT AS src, ((i * 13 + 5) % " + nodes + ")::BIGINT AS dst,"
                    + " 7::BIGINT AS weight FROM range(0, " + inserts + ") t(i)) TO '" + newFile + "' (FORMAT parquet)");
        }
        String copy = "COPY links FROM '" + newFile + "'";
        String create = "LOAD FROM '" + newFile + "' WITH src AS v0, dst AS v1, weight AS v2 WHERE v0 IS NOT NULL"
                + " MATCH (a:Entity {identifier: v0}) WITH a, v0, v1, v2 MATCH (b:Entity {identifier: v1})"
                + " WITH a, b, v0, v1, v2 CREATE (a)-[:links {weight: v2}]->(b)";
        List<Double> copies = new ArrayList<>();
        List<Double> creates = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("graph.lbug"), new DatabaseConfig(2L << 30, 2, false));
             Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE Entity(identifier INT64, category INT64, PRIMARY KEY(identifier))");
            c.execute("CREATE REL TABLE links(FROM Entity TO Entity, weight INT64)");
            c.execute("COPY Entity FROM '" + nodeFile + "'");
            c.execute("COPY links FROM '" + relFile + "'");
            System.out.printf("graph: %,d nodes, %,d relationships; %,d new relationships, %d rounds%n", nodes, rels, inserts,
                    rounds);
            for (int round = 1; round <= rounds; round++) {
                copies.add(timed(c, copy));
                creates.add(timed(c, create));
                System.out.printf("round %d: COPY %.3f s, CREATE %.3f s%n", round, copies.get(round - 1), creates.get(round - 1));
            }
            long expected = rels + 2L * rounds * inserts;
            long held = c.queryLong("MATCH ()-[r:links]->() RETURN count(*)");
            if (held != expected) {
                throw new IllegalStateException("the table holds " + held + " relationships, expected " + expected);
            }
        }
        System.out.printf("median seconds (statement + commit): COPY %.3f, CREATE %.3f, CREATE / COPY %.2f%n",
                Statistics.median(copies), Statistics.median(creates), Statistics.median(creates) / Statistics.median(copies));
    }

    private static double timed(Connection c, String statement) {
        long t0 = System.nanoTime();
        c.execute("BEGIN TRANSACTION");
        c.execute(statement);
        c.execute("COMMIT");
        return (System.nanoTime() - t0) / 1e9;
    }
}
