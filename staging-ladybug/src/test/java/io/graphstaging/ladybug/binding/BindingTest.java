package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindingTest {
    private static final DatabaseConfig SMALL = new DatabaseConfig(128L << 20, 1, false);

    @TempDir
    Path tmp;

    @Test
    void reportsTheEngineVersion() {
        assertThat(Database.engineVersion()).isEqualTo("0.14.3");
        try (Database db = Database.open(tmp.resolve("v.lbug"), SMALL); Connection c = db.connect();
             QueryResult r = c.query("CALL db_version() RETURN *")) {
            assertThat(r.next().getString(0)).isEqualTo("0.14.3");
        }
    }

    @Test
    void preparedStatementsBindTypedParametersAndResultsAreTyped() {
        try (Database db = Database.open(tmp.resolve("t.lbug"), SMALL); Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE P(id INT64, name STRING, score DOUBLE, ok BOOL, born DATE, seen TIMESTAMP, "
                    + "PRIMARY KEY(id))");
            try (PreparedStatement insert = c.prepare(
                    "CREATE (:P {id: $id, name: $name, score: $score, ok: $ok, born: $born, seen: $seen})")) {
                insert.execute(Map.of("id", 1L, "name", "Zoë 𝄞", "score", 2.5, "ok", true,
                        "born", LocalDate.of(1999, 12, 31), "seen", Instant.parse("2024-05-06T07:08:09.123456Z"))).close();
                Map<String, Object> nulls = new HashMap<>();
                nulls.put("id", 2);
                for (String k : List.of("name", "score", "ok", "born", "seen")) {
                    nulls.put(k, null);
                }
                insert.execute(nulls).close();
            }
            try (QueryResult r = c.query("MATCH (p:P) RETURN p.id, p.name, p.score, p.ok, p.born, p.seen ORDER BY p.id")) {
                assertThat(r.columnNames()).containsExactly("p.id", "p.name", "p.score", "p.ok", "p.born", "p.seen");
                assertThat(r.columnTypes()).containsExactly("INT64", "STRING", "DOUBLE", "BOOL", "DATE", "TIMESTAMP");
                assertThat(r.rowCount()).isEqualTo(2);
                Row first = r.next();
                assertThat(first.getLong(0)).isEqualTo(1);
                assertThat(first.getString(1)).isEqualTo("Zoë 𝄞");
                assertThat(first.getDouble(2)).isEqualTo(2.5);
                assertThat(first.getBoolean(3)).isTrue();
                assertThat(first.getDate(4)).isEqualTo(LocalDate.of(1999, 12, 31));
                assertThat(first.getTimestamp(5)).isEqualTo(Instant.parse("2024-05-06T07:08:09.123456Z"));
                Row second = r.next();
                assertThat(second.values()).containsExactly(2L, null, null, null, null, null);
                assertThatThrownBy(() -> second.getString(1)).isInstanceOf(LadybugException.class).hasMessageContaining("p.name is NULL");
                assertThatThrownBy(() -> first.getLong(1)).isInstanceOf(LadybugException.class).hasMessageContaining("holds a String");
                assertThat(r.hasNext()).isFalse();
                assertThatThrownBy(r::next).isInstanceOf(LadybugException.class).hasMessageContaining("no more rows");
            }
        }
    }

    @Test
    void engineErrorsBecomeExceptionsWithTheEngineMessage() {
        try (Database db = Database.open(tmp.resolve("e.lbug"), SMALL); Connection c = db.connect()) {
            assertThatThrownBy(() -> c.query("MATCH (n:Missing) RETURN n"))
                    .isInstanceOf(LadybugException.class).hasMessageContaining("Missing");
            assertThatThrownBy(() -> c.prepare("THIS IS NOT CYPHER"))
                    .isInstanceOf(LadybugException.class).hasMessageContaining("Parser exception");
            assertThatThrownBy(() -> c.query(null)).isInstanceOf(NullPointerException.class);
            try (PreparedStatement p = c.prepare("RETURN $x")) {
                Map<String, Object> unsupported = Map.of("x", new Object());
                assertThatThrownBy(() -> p.execute(unsupported)).isInstanceOf(LadybugException.class)
                        .hasMessageContaining("unsupported parameter type");
            }
            // The connection is still usable after an error.
            assertThat(c.queryLong("RETURN 41 + 1")).isEqualTo(42);
        }
    }

    @Test
    void closedObjectsRefuseUseInsteadOfCrashing() {
        Database db = Database.open(tmp.resolve("c.lbug"), SMALL);
        Connection c = db.connect();
        QueryResult r = c.query("UNWIND [1, 2, 3] AS x RETURN x");
        PreparedStatement p = c.prepare("RETURN $x");
        r.close();
        assertThatThrownBy(r::hasNext).isInstanceOf(LadybugException.class).hasMessage("Query result is closed");
        PreparedStatement closed = c.prepare("RETURN 1");
        closed.close();
        closed.close();
        assertThatThrownBy(closed::isReadOnly).isInstanceOf(LadybugException.class)
                .hasMessage("Prepared statement is closed");

        QueryResult open = c.query("RETURN 1");
        db.close();  // closes the connection, its results and prepared statements
        assertThat(c.isClosed()).isTrue();
        assertThat(db.isClosed()).isTrue();
        assertThatThrownBy(open::next).isInstanceOf(LadybugException.class).hasMessage("Query result is closed");
        assertThatThrownBy(() -> p.execute(Map.of("x", 1L))).isInstanceOf(LadybugException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> c.query("RETURN 1")).isInstanceOf(LadybugException.class).hasMessageContaining("Connection to");
        assertThatThrownBy(db::connect).isInstanceOf(LadybugException.class).hasMessageContaining("is closed");
        // Closing twice is harmless.
        c.close();
        db.close();
    }

    @Test
    void aReopenedDatabaseKeepsItsData() {
        Path file = tmp.resolve("r.lbug");
        try (Database db = Database.open(file, SMALL); Connection c = db.connect()) {
            c.execute("CREATE NODE TABLE N(id INT64, PRIMARY KEY(id))");
            c.execute("UNWIND range(1, 100) AS i CREATE (:N {id: i})");
        }
        try (Database db = Database.open(file, new DatabaseConfig(128L << 20, 1, true)); Connection c = db.connect()) {
            assertThat(c.queryLong("MATCH (n:N) RETURN count(n)")).isEqualTo(100);
            // sum() of INT64 is an INT128.
            assertThat(c.query("MATCH (n:N) RETURN sum(n.id)").next().getBigInteger(0)).isEqualTo(5050);
            assertThatThrownBy(() -> c.execute("CREATE (:N {id: 101})")).isInstanceOf(LadybugException.class);
        }
    }
}
