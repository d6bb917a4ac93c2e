package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GraphCatalog#rowCount} reads the engine's count of a table (no scan of its rows): it must
 * be the number of rows a full match finds, in every state a sync's write leaves a table in, inside
 * its transaction and after.
 */
class GraphCatalogTest {
    @TempDir
    Path tmp;

    @Test
    void rowCountIsTheRowsAMatchFindsThroughDeletesInsertsRollbackCommitAndReopen() {
        Path file = tmp.resolve("g.lbug");
        try (Database db = Database.open(file, new DatabaseConfig(64L << 20, 2, false)); Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE Entity(identifier INT64, PRIMARY KEY(identifier))");
            c.execute("CREATE REL TABLE links(FROM Entity TO Entity, weight INT64)");
            c.execute("UNWIND range(1, 3000) AS i CREATE (:Entity {identifier: i})");
            c.execute("MATCH (a:Entity), (b:Entity) WHERE b.identifier = a.identifier % 3000 + 1"
                    + " OR b.identifier = (a.identifier + 6) % 3000 + 1 CREATE (a)-[:links {weight: a.identifier}]->(b)");
            assertSame(c, 3000, 6000);

            c.execute("BEGIN TRANSACTION");
            c.execute("MATCH (a:Entity)-[r:links]->(b:Entity) WHERE a.identifier <= 100 DELETE r");
            assertSame(c, 3000, 5800);
            c.execute("MATCH (n:Entity) WHERE n.identifier > 2950 DETACH DELETE n");
            c.execute("MATCH (a:Entity), (b:Entity) WHERE a.identifier = 1 AND b.identifier <= 10"
                    + " CREATE (a)-[:links {weight: 0}]->(b)");
            c.execute("UNWIND range(5001, 5010) AS i CREATE (:Entity {identifier: i})");
            long[] inTransaction = expected(c);
            assertSame(c, inTransaction[0], inTransaction[1]);
            c.execute("ROLLBACK");
            assertSame(c, 3000, 6000);

            c.execute("BEGIN TRANSACTION");
            c.execute("MATCH (a:Entity)-[r:links]->(b:Entity) WHERE a.identifier <= 100 DELETE r");
            c.execute("MATCH (n:Entity) WHERE n.identifier > 2950 DETACH DELETE n");
            c.execute("MATCH (a:Entity), (b:Entity) WHERE a.identifier = 1 AND b.identifier <= 10"
                    + " CREATE (a)-[:links {weight: 0}]->(b)");
            // A sync's inserts: COPY into tables that hold rows, in the same transaction.
            c.execute("COPY Entity FROM " + Cypher.path(csv("nodes.csv", "6001\n6002\n6003\n")));
            c.execute("COPY links FROM " + Cypher.path(csv("links.csv", "6001,6002,1\n6002,6003,2\n6003,1,3\n1,6001,4\n")));
            long[] copied = expected(c);
            assertThat(copied[0]).isEqualTo(2953);
            assertSame(c, copied[0], copied[1]);
            c.execute("COMMIT");
            long[] committed = expected(c);
            assertThat(committed[1]).isLessThan(5800);
            assertSame(c, committed[0], committed[1]);
            c.execute("CHECKPOINT");
            assertSame(c, committed[0], committed[1]);
        }
        try (Database db = Database.open(file, new DatabaseConfig(64L << 20, 2, false)); Connection c = db.connect()) {
            long[] reopened = expected(c);
            assertSame(c, reopened[0], reopened[1]);
        }
    }

    private Path csv(String name, String rows) {
        try {
            return java.nio.file.Files.writeString(tmp.resolve(name), rows);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Nodes and relationships as a match that reads every row counts them. */
    private static long[] expected(Connection c) {
        return new long[] {c.queryLong("MATCH (n:Entity) WHERE n.identifier IS NOT NULL RETURN count(n.identifier)"),
                c.queryLong("MATCH (a:Entity)-[r:links]->(b:Entity) WHERE r.weight IS NOT NULL RETURN count(r.weight)")};
    }

    private static void assertSame(Connection c, long nodes, long relationships) {
        assertThat(expected(c)).containsExactly(nodes, relationships);
        assertThat(GraphCatalog.rowCount(c, "Entity", GraphTableKind.NODE)).isEqualTo(nodes);
        assertThat(GraphCatalog.rowCount(c, "links", GraphTableKind.RELATIONSHIP)).isEqualTo(relationships);
    }
}
