package io.graphstaging.ladybug.binding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Run in a child JVM by {@link RollbackAfterCopyTest}, since the engine may crash: on a graph of
 * 1,000 nodes and 3,000 relationships, each of three transactions writes and rolls back, and
 * the rows the table holds after each are printed as {@code <case> <rows>}: relationships made
 * by {@code CREATE}, a completed {@code COPY} into the node table, and the same relationships as
 * the first by a completed {@code COPY} into the relationship table. With {@link #SET_THEN_COPY},
 * an update of some relationships comes before that copy: the rollback then crashes the process.
 */
public final class RollbackAfterCopy {
    /** The second argument that runs, instead, an update of relationships before the copy, then the rollback. */
    static final String SET_THEN_COPY = "set-then-copy";
    /** Printed when {@link #SET_THEN_COPY} has updated and copied, just before its rollback. */
    static final String ROLLING_BACK = "rolling back";
    /** Printed when the rollback of {@link #SET_THEN_COPY} returned. */
    static final String SURVIVED = "rolled back";

    private RollbackAfterCopy() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), lines(0, 1000, i -> i + ""));
        Path links = Files.writeString(dir.resolve("links.csv"), lines(0, 3000, i -> i % 1000 + "," + (i * 7 + i / 1000 + 1) % 1000 + "," + i));
        Path newLinks = Files.writeString(dir.resolve("new-links.csv"), lines(0, 30, i -> i + "," + (i * 13 + 5) % 1000 + ",0"));
        Path newNodes = Files.writeString(dir.resolve("new-nodes.csv"), lines(1000, 1030, i -> i + ""));
        try (Database db = Database.open(dir.resolve("graph.lbug"), new DatabaseConfig(64L << 20, 2, false));
             Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE Entity(identifier INT64, PRIMARY KEY(identifier))");
            c.execute("CREATE REL TABLE links(FROM Entity TO Entity, weight INT64)");
            c.execute("COPY Entity FROM '" + nodes + "'");
            c.execute("COPY links FROM '" + links + "'");
            String relationships = "MATCH (a:Entity)-[r:links]->(b:Entity) RETURN count(r)";

            if (args.length > 1 && args[1].equals(SET_THEN_COPY)) {
                c.execute("BEGIN TRANSACTION");
                c.execute("MATCH (a:Entity)-[r:links]->(b:Entity) WHERE a.identifier < 30 SET r.weight = 1");
                c.execute("COPY links FROM '" + newLinks + "'");
                System.out.println(ROLLING_BACK);
                System.out.flush();
                c.execute("ROLLBACK");
                System.out.println(SURVIVED);
                return;
            }
            rollBack(c, "UNWIND range(0, 29) AS i MATCH (a:Entity {identifier: i}), (b:Entity {identifier: (i * 13 + 5) % 1000})"
                    + " CREATE (a)-[:links {weight: 0}]->(b)");
            System.out.println("relationship-create " + c.queryLong(relationships));
            rollBack(c, "COPY Entity FROM '" + newNodes + "'");
            System.out.println("node-copy " + c.queryLong("MATCH (n:Entity) RETURN count(n)"));
            // Last: it empties the table.
            rollBack(c, "COPY links FROM '" + newLinks + "'");
            System.out.println("relationship-copy " + c.queryLong(relationships));
        }
    }

    private static void rollBack(Connection c, String write) {
        c.execute("BEGIN TRANSACTION");
        c.execute(write);
        c.execute("ROLLBACK");
    }

    private static String lines(long from, long to, java.util.function.LongFunction<String> line) {
        return LongStream.range(from, to).mapToObj(line).collect(Collectors.joining("\n", "", "\n"));
    }
}
