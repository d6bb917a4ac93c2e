package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the engine refuses, or changes, in {@code COPY FROM} Parquet of the values staging can hand
 * it, beside the types of ParquetTypeFactsTest: the facts behind the sync plan's value checks
 * (DuckDbSyncPlanner.valueChecks) and behind "nothing else is refused by the engine alone". Long
 * strings and keys, NUL characters, infinite dates and timestamps go in exact; an interval with a
 * negative part fails the whole copy, ignore_errors or not; an infinite millisecond or second
 * timestamp silently becomes another time. Warnings of a Parquet copy name no file and no row.
 */
class EngineRefusalsTest {
    @RegisterExtension
    final ScratchGraph graph = new ScratchGraph(new DatabaseConfig(256L << 20, 2, false));
    @RegisterExtension
    final DuckDbParquet duck = new DuckDbParquet(graph::dir);

    @Test
    void longStringsAndKeysGoInExact() {
        // No size limit below a megabyte and more (strings longer than a 256 KiB page included).
        Path file = duck.write("long", "SELECT repeat('k', 1048577) || i::VARCHAR AS id, repeat('v', 1048577 + i) AS v FROM range(3) t(i)");
        graph.execute("CREATE NODE TABLE L(id STRING, v STRING, PRIMARY KEY(id))");
        graph.execute("COPY L FROM " + DuckDbParquet.literal(file));
        assertThat(graph.queryLong("MATCH (x:L) RETURN CAST(sum(size(x.id) + size(x.v)) AS INT64)")).isEqualTo(3 * 1048578L + 3 * 1048577L + 3);
        assertThat(graph.queryLong("LOAD FROM " + DuckDbParquet.literal(file) + " MATCH (x:L {id: id}) WHERE x.v = v RETURN count(*)"))
                .isEqualTo(3);
    }

    @Test
    void nulCharactersStayInValuesAndKeys() {
        Path file = duck.write("nul", "SELECT ['a', 'a' || chr(0) || 'b', 'a' || chr(0) || 'c'][i + 1] AS id, 'x' || chr(0) || i::VARCHAR AS v "
                + "FROM range(3) t(i)");
        graph.execute("CREATE NODE TABLE N(id STRING, v STRING, PRIMARY KEY(id))");
        graph.execute("COPY N FROM " + DuckDbParquet.literal(file));
        try (QueryResult r = graph.query("MATCH (x:N) RETURN x.id, x.v ORDER BY x.v")) {
            assertThat(r.rows()).extracting(row -> row.get(0) + "|" + row.get(1))
                    .containsExactly("a|x\u00000", "a\u0000b|x\u00001", "a\u0000c|x\u00002");
        }
        assertThat(graph.queryLong("LOAD FROM " + DuckDbParquet.literal(file) + " MATCH (x:N {id: id}) RETURN count(*)")).isEqualTo(3);
    }

    @Test
    void infiniteDatesAndMicrosecondTimestampsComeBackAsTheyWent() throws SQLException {
        Path file = duck.write("inf", "SELECT i::BIGINT AS id, CASE i WHEN 0 THEN 'infinity' ELSE '-infinity' END::DATE AS d,"
                + " CASE i WHEN 0 THEN 'infinity' ELSE '-infinity' END::TIMESTAMP AS t,"
                + " CASE i WHEN 0 THEN 'infinity' ELSE '-infinity' END::TIMESTAMPTZ AS z FROM range(2) t(i)");
        graph.execute("CREATE NODE TABLE I(id INT64, d DATE, t TIMESTAMP, z TIMESTAMP_TZ, PRIMARY KEY(id))");
        graph.execute("COPY I FROM " + DuckDbParquet.literal(file));
        Path back = graph.dir().resolve("back.parquet");
        graph.execute("COPY (MATCH (x:I) RETURN x.id AS id, x.d AS d, x.t AS t, x.z AS z) TO " + DuckDbParquet.literal(back));
        try (ResultSet rs = duck.query("SELECT count(*) FROM read_parquet(" + DuckDbParquet.literal(file) + ") s JOIN read_parquet("
                + DuckDbParquet.literal(back) + ") g USING (id) WHERE s.d = g.d AND s.t = g.t AND s.z = g.z")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void infiniteMillisecondAndSecondTimestampsBecomeOtherTimesWithoutAnError() {
        Path file = duck.write("ms", "SELECT 0::BIGINT AS id, 'infinity'::TIMESTAMP_MS AS ms, 'infinity'::TIMESTAMP_S AS s");
        graph.execute("CREATE NODE TABLE M(id INT64, ms TIMESTAMP_MS, s TIMESTAMP_SEC, PRIMARY KEY(id))");
        graph.execute("COPY M FROM " + DuckDbParquet.literal(file));
        try (QueryResult r = graph.query("MATCH (x:M) RETURN x.ms, x.s")) {
            Row row = r.rows().get(0);
            assertThat(row.getTimestamp(0)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
            assertThat(row.getTimestamp(1)).isEqualTo(Instant.parse("+294247-01-10T04:00:54Z"));
        }
    }

    @Test
    void anIntervalWithANegativePartFailsTheWholeCopyEvenIgnoringErrors() {
        Path file = duck.write("neg", "SELECT i::BIGINT AS id, CASE i WHEN 0 THEN '1 months 0 days 0 microseconds' "
                + "ELSE '0 months -1 days 0 microseconds' END AS v FROM range(2) t(i)");
        graph.execute("CREATE NODE TABLE V(id INT64, v INTERVAL, PRIMARY KEY(id))");
        for (String options : List.of("", " (ignore_errors=true)")) {
            assertThatThrownBy(() -> graph.execute("COPY V FROM " + DuckDbParquet.literal(file) + options)).as(options)
                    .isInstanceOf(LadybugException.class).hasMessageContaining("Conversion exception");
            assertThat(graph.queryLong("MATCH (x:V) RETURN count(x)")).isZero();
        }
    }

    /** A row the engine skips with ignore_errors (a key it already holds): the warning names the key, not the file or row. */
    @Test
    void aSkippedRowsWarningOfAParquetCopyNamesTheValueButNeitherFileNorRow() {
        Path first = duck.write("first", "SELECT 7::BIGINT AS id");
        Path again = duck.write("again", "SELECT i::BIGINT + 6 AS id FROM range(3) t(i)");
        graph.execute("CREATE NODE TABLE W(id INT64, PRIMARY KEY(id))");
        graph.execute("COPY W FROM " + DuckDbParquet.literal(first));
        graph.execute("COPY W FROM " + DuckDbParquet.literal(again) + " (ignore_errors=true)");
        assertThat(graph.queryLong("MATCH (x:W) RETURN count(x)")).isEqualTo(3);
        try (QueryResult r = graph.query("CALL show_warnings() RETURN message, file_path, line_number")) {
            List<Row> rows = r.rows();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getString(0)).contains("duplicated primary key value 7");
            assertThat(rows.get(0).getString(1)).isEmpty();
            assertThat(rows.get(0).getBigInteger(2)).isZero();
        }
        // Kept per connection until cleared.
        graph.execute("CALL clear_warnings()");
        assertThat(graph.queryLong("CALL show_warnings() RETURN count(*)")).isZero();
    }
}
