package io.graphstaging.tests.bench.ladybug;

import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.tests.bench.PageFaults;
import io.graphstaging.tests.bench.ScratchDirectory;
import io.graphstaging.tests.bench.Statistics;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine statements of a keyed sync write, on LadybugDB alone (no staging, no sink): a node
 * table and a relationship table shaped as {@code SyncBenchmark} makes them, then candidate
 * statements for 1% relationship updates, 1% node updates, removals, keyed exports and the row
 * counts around them. Each candidate runs in a transaction that is checked (the rows it changed
 * or wrote) and rolled back, so every candidate meets the same graph. Prints the median time of
 * each over the rounds; with a fourth argument {@code profile}, each candidate's
 * {@code PROFILE} once (a fifth keeps the candidates whose name contains it).
 *
 * <p>What it showed on 0.14.3 (1M nodes, 3M relationships): of the anchored relationship SET,
 * the SET operator itself is about half (about 10 us per relationship); each key lookup
 * ({@code MATCH (a:T {pk: v})} after LOAD FROM) is a hash join whose build side scans the whole
 * node table, not an index lookup; reaching the destination from the
 * source's relationships and filtering by its key is slower (the destination's key is fetched by
 * another full node scan), and so is DELETE then COPY (DELETE costs about what SET does). A
 * relationship count is about 1 ms as {@code count(*)} and 50-90 ms as {@code count(r)}.
 * Looking nodes up by internal id ({@code id(n) = internal_id(table, offset)}, the offsets exported
 * once, about 0.05 s for 1M nodes) instead of by key is no faster: node SET 0.054 vs 0.059 s,
 * relationship SET 0.36-0.48 vs 0.32 s (quiet machine, 3 rounds). The first statement of a
 * process is 2-3 times slower (0.7-1.1 s vs 0.31-0.36 s for the relationship SET): it takes about
 * 42,000 page faults (its hash tables' memory touched for the first time), each about 13 us in the
 * VMs here; later rounds take almost none. {@code -Dreopen=true} reopens the database after
 * loading (no difference: the cost is the process's memory, not the buffer pool's contents).
 *
 * <pre>
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.ladybug.KeyedWriteBenchmark \
 *     [-Dexec.args="nodes rels rounds [profile] [name-filter]"]
 * </pre>
 */
public final class KeyedWriteBenchmark {
    private static final long POOL = 1L << 30;

    private KeyedWriteBenchmark() {}

    /** A statement to time, the check run after it in the same transaction and the value it must give. */
    private record Candidate(String name, List<String> statements, String check, long expected) {}

    public static void main(String[] args) throws Exception {
        long nodes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long rels = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean profile = args.length > 3 && args[3].equals("profile");
        String filter = args.length > 4 ? args[4] : "";
        try (ScratchDirectory scratch = ScratchDirectory.create("keyed-write")) {
            run(scratch.path(), nodes, rels, rounds, profile, filter);
        }
    }

    private static void run(Path dir, long nodes, long rels, int rounds, boolean profile, String filter) throws Exception {
        long relUpdates = rels / 100;
        long nodeUpdates = nodes / 100;
        long removals = Math.min(10_000, nodes / 100);
        Path nodeFile = dir.resolve("nodes.parquet");
        Path relFile = dir.resolve("rels.parquet");
        Path relUpd = dir.resolve("rel-updates.parquet");
        Path relUpdShuffled = dir.resolve("rel-updates-shuffled.parquet");
        Path nodeUpd = dir.resolve("node-updates.parquet");
        Path relRem = dir.resolve("rel-removals.parquet");
        Path nodeRem = dir.resolve("node-removals.parquet");
        Path relKeys = dir.resolve("rel-keys.parquet");
        Path nodeKeys = dir.resolve("node-keys.parquet");
        String rel = "(i % " + nodes + ")::BIGINT AS src, ((i * 7 + i // " + nodes + " + 1) % " + nodes + ")::BIGINT AS dst";
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SET threads=2");
            copy(st, "SELECT i::BIGINT AS identifier, i % 97 AS category, i * 3 AS amount FROM range(0, " + nodes + ") t(i)", nodeFile);
            copy(st, "SELECT " + rel + ", (i % 1000)::BIGINT AS weight FROM range(0, " + rels + ") t(i)", relFile);
            copy(st, "SELECT " + rel + ", (i % 1000 + 5000)::BIGINT AS weight FROM range(0, " + relUpdates + ") t(i)", relUpd);
            copy(st, "SELECT * FROM (SELECT " + rel + ", (i % 1000 + 5000)::BIGINT AS weight FROM range(0, " + relUpdates
                    + ") t(i)) ORDER BY hash(src)", relUpdShuffled);
            copy(st, "SELECT i::BIGINT AS identifier, i % 97 + 1000 AS category, i * 3 AS amount FROM range(0, " + nodeUpdates
                    + ") t(i)", nodeUpd);
            copy(st, "SELECT " + rel + " FROM range(" + relUpdates + ", " + (relUpdates + removals) + ") t(i)", relRem);
            copy(st, "SELECT i::BIGINT AS identifier FROM range(" + nodes / 2 + ", " + (nodes / 2 + removals) + ") t(i)", nodeRem);
            copy(st, "SELECT " + rel + " FROM range(0, " + relUpdates + ") t(i)", relKeys);
            copy(st, "SELECT i::BIGINT AS identifier FROM range(0, " + nodeUpdates + ") t(i)", nodeKeys);
        }
        String updatedRels = "MATCH ()-[r:links]->() WHERE r.weight >= 5000 RETURN count(r)";
        String updatedNodes = "MATCH (n:Entity) WHERE n.category >= 1000 RETURN count(n)";
        String relCount = "MATCH ()-[r:links]->() RETURN count(r)";
        String nodeCount = "MATCH (n:Entity) RETURN count(n)";
        String load3 = "LOAD FROM '" + relUpd + "' WITH src AS v0, dst AS v1, weight AS v2";
        String load3s = "LOAD FROM '" + relUpdShuffled + "' WITH src AS v0, dst AS v1, weight AS v2";
        String loadRem = "LOAD FROM '" + relRem + "' WITH src AS k0, dst AS k1";
        List<Candidate> candidates = new ArrayList<>();
        // Relationship updates.
        String anchored = " WHERE v0 IS NOT NULL MATCH (a:Entity {identifier: v0}) WITH a, v0, v1, v2 MATCH (b:Entity {identifier: v1})"
                + " WITH a, b, v0, v1, v2 MATCH (a)-[r:links]->(b) SET r.weight = v2";
        candidates.add(new Candidate("rel SET anchored (main)", List.of(load3 + anchored), updatedRels, relUpdates));
        candidates.add(new Candidate("rel SET anchored, shuffled file", List.of(load3s + anchored), updatedRels, relUpdates));
        candidates.add(new Candidate("rel SET plain join", List.of(load3 + " MATCH (a:Entity {identifier: v0})-[r:links]->"
                + "(b:Entity {identifier: v1}) SET r.weight = v2"), updatedRels, relUpdates));
        String extend = " WHERE v0 IS NOT NULL MATCH (a:Entity {identifier: v0}) WITH a, v0, v1, v2"
                + " MATCH (a)-[r:links]->(b:Entity) WHERE b.identifier = v1 SET r.weight = v2";
        candidates.add(new Candidate("rel SET extend, dst filter", List.of(load3 + extend), updatedRels, relUpdates));
        candidates.add(new Candidate("rel SET extend, dst filter, shuffled", List.of(load3s + extend), updatedRels, relUpdates));
        candidates.add(new Candidate("rel SET extend no WITH", List.of(load3 + " WHERE v0 IS NOT NULL MATCH (a:Entity {identifier: v0})"
                + " MATCH (a)-[r:links]->(b:Entity) WHERE b.identifier = v1 SET r.weight = v2"), updatedRels, relUpdates));
        candidates.add(new Candidate("rel SET dst first", List.of(load3 + " WHERE v1 IS NOT NULL MATCH (b:Entity {identifier: v1})"
                + " WITH b, v0, v1, v2 MATCH (a:Entity {identifier: v0}) WITH a, b, v0, v1, v2 MATCH (a)-[r:links]->(b)"
                + " SET r.weight = v2"), updatedRels, relUpdates));
        // Not a candidate: DELETE of the rows then COPY of the update file is slower by the profile
        // (DELETE takes about as long as SET, then the COPY's insert comes on top).
        // Node updates.
        candidates.add(new Candidate("node SET (main)", List.of("LOAD FROM '" + nodeUpd + "' WITH identifier AS v0, category AS v1,"
                + " amount AS v2 MATCH (n:Entity {identifier: v0}) SET n.category = v1, n.amount = v2"), updatedNodes, nodeUpdates));
        // Removals.
        String remAnchored = loadRem + " WHERE k0 IS NOT NULL MATCH (a:Entity {identifier: k0}) WITH a, k0, k1 MATCH"
                + " (b:Entity {identifier: k1}) WITH a, b, k0, k1 MATCH (a)-[r:links]->(b) DELETE r";
        candidates.add(new Candidate("rel DELETE anchored (main)", List.of(remAnchored), relCount, rels - removals));
        candidates.add(new Candidate("rel DELETE extend, dst filter", List.of(loadRem + " WHERE k0 IS NOT NULL MATCH"
                + " (a:Entity {identifier: k0}) WITH a, k0, k1 MATCH (a)-[r:links]->(b:Entity) WHERE b.identifier = k1 DELETE r"),
                relCount, rels - removals));
        candidates.add(new Candidate("rel DELETE anchored RETURN count", List.of(remAnchored + " RETURN count(*)"), relCount,
                rels - removals));
        candidates.add(new Candidate("node DETACH DELETE (main)", List.of("LOAD FROM '" + nodeRem + "' WITH identifier AS k0"
                + " MATCH (n:Entity {identifier: k0}) DETACH DELETE n"), nodeCount, nodes - removals));
        // Keyed exports.
        Path out = dir.resolve("out.parquet");
        String relExportCheck = "LOAD FROM '" + out + "' RETURN count(*)";
        candidates.add(new Candidate("rel export anchored (main)", List.of("COPY (LOAD FROM '" + relKeys + "' WITH src AS k0, dst AS k1"
                + " WHERE k0 IS NOT NULL MATCH (a:Entity {identifier: k0}) MATCH (a)-[r:links]->(b:Entity) WHERE b.identifier = k1"
                + " RETURN a.identifier AS src, b.identifier AS dst, r.weight AS weight ORDER BY k0, k1) TO '" + out + "'"),
                relExportCheck, relUpdates));
        candidates.add(new Candidate("rel export, destination looked up", List.of("COPY (LOAD FROM '" + relKeys
                + "' WITH src AS k0, dst AS k1 WHERE k0 IS NOT NULL MATCH (a:Entity {identifier: k0}) MATCH (b:Entity {identifier: k1})"
                + " MATCH (a)-[r:links]->(b) RETURN a.identifier AS src, b.identifier AS dst, r.weight AS weight ORDER BY k0, k1) TO '"
                + out + "'"), relExportCheck, relUpdates));
        candidates.add(new Candidate("node export (main)", List.of("COPY (LOAD FROM '" + nodeKeys + "' WITH identifier AS k0"
                + " MATCH (n:Entity {identifier: k0}) RETURN n.identifier AS identifier, n.category AS category,"
                + " n.amount AS amount ORDER BY k0) TO '" + out + "'"), relExportCheck, nodeUpdates));
        // Counts and catalog reads.
        candidates.add(new Candidate("rel count", List.of(relCount), "RETURN 1", 1));
        candidates.add(new Candidate("rel count(*)", List.of("MATCH ()-[r:links]->() RETURN count(*)"), "RETURN 1", 1));
        candidates.add(new Candidate("node count", List.of(nodeCount), "RETURN 1", 1));
        candidates.add(new Candidate("rel LIMIT 1", List.of("MATCH ()-[r:links]->() RETURN 1 LIMIT 1"), "RETURN 1", 1));
        candidates.add(new Candidate("show_tables", List.of("CALL show_tables() RETURN name, type"), "RETURN 1", 1));
        candidates.add(new Candidate("table_info", List.of("CALL table_info('links') RETURN *"), "RETURN 1", 1));
        candidates.add(new Candidate("show_connection", List.of("CALL show_connection('links') RETURN *"), "RETURN 1", 1));
        // Lookups by internal id: the offsets come from an export of each key's offset, joined in DuckDB.
        Path offsets = dir.resolve("offsets.parquet");
        Path nodeUpdIds = dir.resolve("node-updates-ids.parquet");
        Path relUpdIds = dir.resolve("rel-updates-ids.parquet");
        candidates.add(new Candidate("offsets export", List.of("COPY (MATCH (n:Entity) RETURN n.identifier AS identifier,"
                + " offset(id(n)) AS off) TO '" + dir.resolve("offsets2.parquet") + "'"), "RETURN 1", 1));
        candidates.add(new Candidate("node SET by id", List.of("LOAD FROM '" + nodeUpdIds + "' WITH internal_id(TID, off) AS v0,"
                + " category AS v1, amount AS v2 MATCH (n:Entity) WHERE id(n) = v0 SET n.category = v1, n.amount = v2"),
                updatedNodes, nodeUpdates));
        candidates.add(new Candidate("rel SET by ids, one pattern", List.of("LOAD FROM '" + relUpdIds + "' WITH internal_id(TID, soff) AS v0,"
                + " internal_id(TID, doff) AS v1, weight AS v2 MATCH (a:Entity)-[r:links]->(b:Entity) WHERE id(a) = v0 AND id(b) = v1"
                + " SET r.weight = v2"), updatedRels, relUpdates));
        candidates.add(new Candidate("rel SET by ids, anchored", List.of("LOAD FROM '" + relUpdIds + "' WITH internal_id(TID, soff) AS v0,"
                + " internal_id(TID, doff) AS v1, weight AS v2 MATCH (a:Entity) WHERE id(a) = v0 WITH a, v1, v2"
                + " MATCH (b:Entity) WHERE id(b) = v1 WITH a, b, v2 MATCH (a)-[r:links]->(b) SET r.weight = v2"), updatedRels, relUpdates));
        candidates.add(new Candidate("rel SET by ids, extend", List.of("LOAD FROM '" + relUpdIds + "' WITH internal_id(TID, soff) AS v0,"
                + " internal_id(TID, doff) AS v1, weight AS v2 MATCH (a:Entity) WHERE id(a) = v0 WITH a, v1, v2"
                + " MATCH (a)-[r:links]->(b:Entity) WHERE id(b) = v1 SET r.weight = v2"), updatedRels, relUpdates));
        candidates.removeIf(c -> !c.name().contains(filter));

        Map<String, List<Double>> times = new LinkedHashMap<>();
        boolean reopen = Boolean.getBoolean("reopen");
        if (reopen) {
            try (Database db = Database.open(dir.resolve("graph.lbug"), new DatabaseConfig(POOL, 0, false));
                 Connection c = db.connect()) {
                load(c, nodeFile, relFile);
            }
        }
        try (Database db = Database.open(dir.resolve("graph.lbug"), new DatabaseConfig(POOL, 0, false));
             Connection c = db.connect()) {
            if (!reopen) {
                load(c, nodeFile, relFile);
            }
            c.execute("COPY (MATCH (n:Entity) RETURN n.identifier AS identifier, offset(id(n)) AS off) TO '" + offsets + "'");
            String tid;
            try (QueryResult r = c.query("MATCH (n:Entity) RETURN id(n) LIMIT 1")) {
                tid = String.valueOf(r.rows().iterator().next().get(0)).split(":")[0];
            }
            candidates.replaceAll(k -> new Candidate(k.name(), k.statements().stream().map(s -> s.replace("TID", tid)).toList(),
                    k.check(), k.expected()));
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                copy(st, "SELECT o.off, u.category, u.amount FROM '" + nodeUpd + "' u JOIN '" + offsets + "' o USING (identifier)",
                        nodeUpdIds);
                copy(st, "SELECT s.off AS soff, d.off AS doff, u.weight FROM '" + relUpd + "' u JOIN '" + offsets
                        + "' s ON s.identifier = u.src JOIN '" + offsets + "' d ON d.identifier = u.dst", relUpdIds);
            }
            System.out.printf("graph: %,d nodes, %,d relationships; %,d relationship updates, %,d node updates, %,d removals,"
                    + " %d rounds%n", nodes, rels, relUpdates, nodeUpdates, removals, rounds);
            if (profile) {
                profile(c, candidates, "cold");
            }
            for (int round = 0; round < rounds; round++) {
                for (Candidate candidate : candidates) {
                    System.out.println("round " + (round + 1) + ": " + candidate.name());
                    c.execute("BEGIN TRANSACTION");
                    try {
                        long faults0 = PageFaults.minor();
                        long t0 = System.nanoTime();
                        for (String statement : candidate.statements()) {
                            c.execute(statement);
                        }
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        System.out.printf("  %.3f s, %,d page faults%n", seconds, PageFaults.minor() - faults0);
                        long checked = c.queryLong(candidate.check());
                        if (checked != candidate.expected()) {
                            throw new IllegalStateException(candidate.name() + ": check gave " + checked + ", expected "
                                    + candidate.expected());
                        }
                        times.computeIfAbsent(candidate.name(), k -> new ArrayList<>()).add(seconds);
                    } catch (RuntimeException e) {
                        System.out.println(candidate.name() + " failed: " + e.getMessage());
                    } finally {
                        c.execute("ROLLBACK");
                    }
                }
            }
            if (profile) {
                profile(c, candidates, "warm");
            }
        }
        System.out.println("median seconds over " + rounds + " rounds:");
        times.forEach((name, t) -> System.out.printf("  %-40s %.3f  %s%n", name, Statistics.median(t), t.stream()
                .map(s -> String.format("%.3f", s)).toList()));
    }

    private static void load(Connection c, Path nodeFile, Path relFile) {
        c.execute("CREATE NODE TABLE Entity(identifier INT64, category INT64, amount INT64, PRIMARY KEY(identifier))");
        c.execute("CREATE REL TABLE links(FROM Entity TO Entity, weight INT64)");
        c.execute("COPY Entity FROM '" + nodeFile + "'");
        c.execute("COPY links FROM '" + relFile + "'");
    }

    private static void profile(Connection c, List<Candidate> candidates, String when) {
        for (Candidate candidate : candidates) {
            c.execute("BEGIN TRANSACTION");
            for (String statement : candidate.statements()) {
                System.out.println("== PROFILE (" + when + ") " + candidate.name() + ": " + statement);
                try (QueryResult result = c.query("PROFILE " + statement)) {
                    for (Row row : result.rows()) {
                        System.out.println(row.get(0));
                    }
                } catch (RuntimeException e) {
                    System.out.println("failed: " + e.getMessage());
                }
            }
            c.execute("ROLLBACK");
        }
    }

    private static void copy(Statement st, String select, Path file) throws Exception {
        st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    }
}
