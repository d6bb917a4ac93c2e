package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.JSON;
import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.binding.Interval;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every type a staged Parquet column can have, through the real server (S3Proxy, PostgreSQL,
 * DuckDB, LadybugDB): staged, materialized, and read back from the graph file (with the binding,
 * once the server has stopped) equal to the source file value by value, NULLs, NaN, infinities
 * and extremes included; NaN, infinities and NULL also told apart by Cypher predicates and
 * counts. Types the graph cannot hold exactly are a 422 naming each column and its cast, and the
 * graph is unchanged.
 */
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class TypeMatrixE2eTest {
    private static final String BUCKET = "e2e-types";
    private static final String GRAPH = "g_types";
    private static final int ROWS = 8;

    /** How a column's values are compared: each side reduced to the same Java value. */
    private enum Kind { TEXT, NUMBER, FLOATING, DECIMAL, BLOB, TIMESTAMP, INTERVAL, NESTED }

    /** A column of the matrix: its values, row by row (cycled when fewer than {@link #ROWS}). */
    private record Col(String name, Kind kind, List<String> values) {
        String value(int row) {
            return values.get(row % values.size());
        }
    }

    private static final List<Col> MATRIX = List.of(
            new Col("b", Kind.TEXT, List.of("true", "false", "NULL")),
            new Col("i8", Kind.NUMBER, List.of("(-128)::TINYINT", "127::TINYINT", "NULL", "0::TINYINT")),
            new Col("i16", Kind.NUMBER, List.of("(-32768)::SMALLINT", "32767::SMALLINT", "NULL")),
            new Col("i32", Kind.NUMBER, List.of("(-2147483648)::INTEGER", "2147483647::INTEGER", "NULL")),
            new Col("i64", Kind.NUMBER, List.of("(-9223372036854775808)::BIGINT", "9223372036854775807::BIGINT", "NULL")),
            new Col("u8", Kind.NUMBER, List.of("0::UTINYINT", "255::UTINYINT", "NULL")),
            new Col("u16", Kind.NUMBER, List.of("0::USMALLINT", "65535::USMALLINT", "NULL")),
            new Col("u32", Kind.NUMBER, List.of("0::UINTEGER", "4294967295::UINTEGER", "NULL")),
            new Col("u64", Kind.NUMBER, List.of("0::UBIGINT", "18446744073709551615::UBIGINT", "NULL")),
            new Col("f", Kind.FLOATING, List.of("'NaN'::FLOAT", "'inf'::FLOAT", "'-inf'::FLOAT", "NULL", "'-0.0'::FLOAT",
                    "'3.4028235e38'::FLOAT", "'1.4e-45'::FLOAT", "0.1::FLOAT")),
            new Col("d", Kind.FLOATING, List.of("'NaN'::DOUBLE", "'inf'::DOUBLE", "'-inf'::DOUBLE", "NULL", "'-0.0'::DOUBLE",
                    "'1.7976931348623157e308'::DOUBLE", "'4.9e-324'::DOUBLE", "(0.1 + 0.2)::DOUBLE")),
            new Col("dec4", Kind.DECIMAL, List.of("'-99.99'::DECIMAL(4,2)", "'99.99'::DECIMAL(4,2)", "'0.00'::DECIMAL(4,2)",
                    "NULL", "'-0.01'::DECIMAL(4,2)")),
            new Col("dec9", Kind.DECIMAL, List.of("'-99999.9999'::DECIMAL(9,4)", "'99999.9999'::DECIMAL(9,4)", "NULL",
                    "'0.0001'::DECIMAL(9,4)")),
            new Col("dec18", Kind.DECIMAL, List.of("'-999999999999.999999'::DECIMAL(18,6)", "'999999999999.999999'::DECIMAL(18,6)",
                    "NULL", "'123.456789'::DECIMAL(18,6)")),
            new Col("dec38", Kind.DECIMAL, List.of("'-9999999999999999999999999999.9999999999'::DECIMAL(38,10)",
                    "'9999999999999999999999999999.9999999999'::DECIMAL(38,10)", "NULL", "'0.0000000001'::DECIMAL(38,10)")),
            new Col("dec38s0", Kind.DECIMAL, List.of("'-99999999999999999999999999999999999999'::DECIMAL(38,0)",
                    "'99999999999999999999999999999999999999'::DECIMAL(38,0)", "NULL")),
            new Col("dec38s38", Kind.DECIMAL, List.of("'-0.99999999999999999999999999999999999999'::DECIMAL(38,38)",
                    "'0.00000000000000000000000000000000000001'::DECIMAL(38,38)", "NULL")),
            new Col("s", Kind.TEXT, List.of("''", "'Zoë 😀'", "'comma, {brace}=x'", "NULL", "'it''s'", "repeat('x', 5000)")),
            new Col("e", Kind.TEXT, List.of("'a'::ENUM('a', 'b')", "'b'::ENUM('a', 'b')", "NULL")),
            new Col("bl", Kind.BLOB, List.of("'\\x00\\xFF'::BLOB", "''::BLOB", "NULL")),
            // The nil UUID is INT128's minimum as the graph engine stores it (its glue keeps it exact).
            new Col("u", Kind.TEXT, List.of("'00000000-0000-0000-0000-000000000000'::UUID", "'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID",
                    "NULL", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID")),
            new Col("dt", Kind.TEXT, List.of("DATE '0001-01-01'", "DATE '9999-12-31'", "NULL", "DATE '1970-01-01'")),
            new Col("ts", Kind.TIMESTAMP, List.of("TIMESTAMP '1900-01-01 00:00:00.000001'",
                    "TIMESTAMP '2262-04-11 23:47:16.854775'", "NULL", "TIMESTAMP '1970-01-01 00:00:00'")),
            new Col("ts_ms", Kind.TIMESTAMP, List.of("'2024-05-06 07:08:09.123'::TIMESTAMP_MS", "NULL")),
            new Col("ts_s", Kind.TIMESTAMP, List.of("'2024-05-06 07:08:09'::TIMESTAMP_S", "NULL")),
            new Col("tstz", Kind.TIMESTAMP, List.of("'2024-05-06 07:08:09.123456+02'::TIMESTAMPTZ", "NULL")),
            new Col("iv", Kind.INTERVAL, List.of("INTERVAL '1 year 2 months 3 days 04:05:06.123456'", "INTERVAL '0 seconds'",
                    "NULL", "INTERVAL '2147483647 days'", "INTERVAL '178000000 years'", "INTERVAL '1 microsecond'",
                    "INTERVAL '36 hours'")),
            new Col("l", Kind.NESTED, List.of("[1, NULL, 3]::INTEGER[]", "[]::INTEGER[]", "NULL")),
            new Col("ll", Kind.NESTED, List.of("[[1, 2], NULL, [3]]::BIGINT[][]", "NULL", "[[]]::BIGINT[][]")),
            new Col("arr", Kind.NESTED, List.of("[1, 2, 3]::INTEGER[3]", "NULL")),
            new Col("ls", Kind.NESTED, List.of("['x', NULL, 'Zoë']", "NULL")),
            new Col("st", Kind.NESTED, List.of("{'a': 1, 'b': 'x', 'c': [1.5, NULL]::DOUBLE[]}", "NULL",
                    "{'a': NULL, 'b': NULL, 'c': NULL::DOUBLE[]}")));

    @TempDir
    Path files;

    @Test
    void everyStagedTypeReachesTheGraphExactOrIsRefusedNamingColumnAndCast(S3ProxyServer s3, PostgresTestServer postgres)
            throws Exception {
        s3.createBucket(BUCKET);
        Path matrix = ParquetFiles.write(files.resolve("matrix.parquet"), matrixSelect());
        s3.putObject(BUCKET, "matrix/m.parquet", matrix);
        Path links = ParquetFiles.write(files.resolve("links.parquet"), "SELECT i::BIGINT AS \"from\", ((i + 1) % " + ROWS
                + ")::BIGINT AS \"to\", CASE WHEN i = 2 THEN NULL ELSE ('-12345678901234567890.12345678' :: DECIMAL(28, 8)) * i "
                + "END AS amount, CASE i WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN 'inf'::DOUBLE WHEN 2 THEN NULL ELSE i / 3 END AS w, "
                + "CASE WHEN i = 3 THEN NULL ELSE to_microseconds(i * 1000001) + to_days(i) END AS took FROM range(" + ROWS + ") t(i)");
        s3.putObject(BUCKET, "links/l.parquet", links);
        s3.putObject(BUCKET, "refused/r.parquet", ParquetFiles.write(files.resolve("refused.parquet"),
                "SELECT 1::BIGINT AS identifier, TIME '01:02:03' AS at, TIMESTAMP_NS '2024-01-01 00:00:00.123456789' AS tns, "
                        + "MAP {'k': 1} AS m, [{'k': 1}] AS kv, {'a': {'b': 1}} AS deep, 1.5::DECIMAL(4, 1) AS fine"));
        E2eServer server = E2eServer.start(s3, postgres, Map.of());
        try {
            for (String table : List.of("matrix", "links", "refused")) {
                HttpResponse<String> created = server.post("/databases/" + GRAPH + "/tables",
                        Map.of("table_name", table, "s3_pattern", "s3://" + BUCKET + "/" + table + "/*.parquet"));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            }
            assertMaterialized(server.post("/databases/" + GRAPH + "/tables/matrix/materialize", Map.of()), ROWS, 0);
            assertMaterialized(server.post("/databases/" + GRAPH + "/tables/links/materialize",
                    Map.of("from_node_table", "matrix", "to_node_table", "matrix")), ROWS, 0);
            // Again into the tables that now exist: the sync reads the graph's values back and compares
            // them with the staged ones, so every value that travelled exactly is "unchanged".
            assertUnchanged(server.post("/databases/" + GRAPH + "/tables/matrix/materialize", Map.of()), ROWS);
            assertUnchanged(server.post("/databases/" + GRAPH + "/tables/links/materialize",
                    Map.of("from_node_table", "matrix", "to_node_table", "matrix")), ROWS);
            JsonNode graphBefore = json(server.get("/databases/" + GRAPH + "/graph/tables"));

            HttpResponse<String> refused = server.post("/databases/" + GRAPH + "/tables/refused/materialize", Map.of());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused).get("code").asText()).isEqualTo("schema_mismatch");
            assertThat(json(refused).get("detail").asText())
                    .contains("column at has type TIME, which the graph cannot hold exactly", "cast it to VARCHAR")
                    .contains("column tns has type TIMESTAMP_NS", "cast it to TIMESTAMP (rounds to microseconds) or VARCHAR")
                    .contains("column m has type MAP(VARCHAR, INTEGER)")
                    .contains("column kv has type STRUCT(k INTEGER)[]")
                    .contains("column deep has type STRUCT(a STRUCT(b INTEGER))")
                    .doesNotContain("fine").doesNotContain("identifier");
            assertThat(json(server.get("/databases/" + GRAPH + "/graph/tables"))).as("graph unchanged").isEqualTo(graphBefore);
        } finally {
            server.process.close();
        }
        try (Database db = Database.open(server.dir.resolve("lbug-dbs").resolve(GRAPH + ".lbug"),
                new DatabaseConfig(128L << 20, 1, false));
             Connection graph = db.connect()) {
            assertSameRows(graph, "MATCH (n:matrix) RETURN n.identifier, " + MATRIX.stream().map(c -> "n." + c.name())
                    .collect(Collectors.joining(", ")) + " ORDER BY n.identifier", matrix,
                    "SELECT identifier, " + MATRIX.stream().map(c -> c.name()).collect(Collectors.joining(", ")) + " FROM '"
                            + matrix + "' ORDER BY identifier", MATRIX);
            List<Col> linkColumns = List.of(new Col("amount", Kind.DECIMAL, List.of()), new Col("w", Kind.FLOATING, List.of()),
                    new Col("took", Kind.INTERVAL, List.of()));
            assertSameRows(graph, "MATCH (a:matrix)-[r:links]->(b:matrix) RETURN a.identifier, r.amount, r.w, r.took "
                    + "ORDER BY a.identifier", links, "SELECT \"from\", amount, w, took FROM '" + links + "' ORDER BY \"from\"",
                    linkColumns);
            for (String x : List.of("n.f", "n.d")) {
                assertSameFloatingCounts(graph, "MATCH (n:matrix) WITH " + x + " AS x", matrix, x.substring(2));
            }
            assertThat(graph.queryLong("CALL show_tables() WHERE name = 'refused' RETURN count(*)")).isZero();
        } finally {
            server.close();
        }
    }

    private static void assertMaterialized(HttpResponse<String> response, long ingested, long rejected) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("rows_ingested").asLong()).as(response.body()).isEqualTo(ingested);
        assertThat(json(response).get("rows_rejected").asLong()).as(response.body()).isEqualTo(rejected);
    }

    private static void assertUnchanged(HttpResponse<String> response, long rows) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("rows_ingested").asLong()).as(response.body()).isZero();
        assertThat(json(response).get("rows_unchanged").asLong()).as(response.body()).isEqualTo(rows);
    }

    private static String matrixSelect() {
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < ROWS; row++) {
            int r = row;
            rows.add("SELECT " + row + "::BIGINT AS identifier, " + MATRIX.stream().map(c -> c.value(r) + " AS " + c.name())
                    .collect(Collectors.joining(", ")));
        }
        return String.join(" UNION ALL ", rows);
    }

    /**
     * The graph's rows equal the file's, value by value: {@code graphCypher} and {@code fileSql}
     * return the key and then {@code columns}, in the same order.
     */
    private static void assertSameRows(Connection graph, String graphCypher, Path file, String fileSql, List<Col> columns)
            throws SQLException {
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet expected = st.executeQuery(referenceSql(fileSql, columns));
             QueryResult actual = graph.query(graphCypher)) {
            int rows = 0;
            while (expected.next()) {
                assertThat(actual.hasNext()).as("row %d of %s", rows, file.getFileName()).isTrue();
                Row row = actual.next();
                assertThat(row.get(0)).isEqualTo(expected.getLong(1));
                for (int i = 0; i < columns.size(); i++) {
                    Col col = columns.get(i);
                    Object want = expected.getObject(i + 2);
                    Object got = comparable(col.kind(), row.get(i + 1));
                    if (col.kind() == Kind.NESTED && want != null) {
                        want = readTree((String) want);
                    }
                    if (col.kind() == Kind.FLOATING && want != null) {
                        want = ((Number) want).doubleValue();
                    }
                    assertThat(got).as("row %d column %s", rows, col.name()).isEqualTo(want);
                }
                rows++;
            }
            assertThat(actual.hasNext()).as("more rows in the graph than in " + file.getFileName()).isFalse();
            assertThat(rows).isEqualTo(ROWS);
        }
    }

    /** The file's values reduced in SQL to what {@link #comparable} makes of the graph's. */
    private static String referenceSql(String fileSql, List<Col> columns) {
        StringBuilder select = new StringBuilder("SELECT k");
        for (Col c : columns) {
            String x = "\"" + c.name() + "\"";
            select.append(", ").append(switch (c.kind()) {
                case TEXT, NUMBER -> "CAST(" + x + " AS VARCHAR)";
                case DECIMAL -> x;
                case FLOATING -> "CAST(" + x + " AS DOUBLE)";
                case BLOB -> "hex(" + x + ")";
                case TIMESTAMP -> "CAST(epoch_us(" + x + ") AS VARCHAR)";
                case INTERVAL -> "CAST(datepart('year', " + x + ") * 12 + datepart('month', " + x + ") AS VARCHAR) || ' ' || "
                        + "CAST(datepart('day', " + x + ") AS VARCHAR) || ' ' || CAST(datepart('hour', " + x + ") * 3600000000 + "
                        + "datepart('minute', " + x + ") * 60000000 + datepart('microsecond', " + x + ") AS VARCHAR)";
                case NESTED -> "CAST(to_json(" + x + ") AS VARCHAR)";
            });
        }
        List<String> names = new ArrayList<>(List.of("k"));
        columns.forEach(c -> names.add(c.name()));
        return select + " FROM (" + fileSql + ") f(" + String.join(", ", names) + ")";
    }

    /** A graph value as the reference query gives the file's. */
    private static Object comparable(Kind kind, Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case TEXT, NUMBER -> value.toString();
            case FLOATING, DECIMAL -> value;
            case BLOB -> HexFormat.of().withUpperCase().formatHex((byte[]) value);
            case TIMESTAMP -> {
                Instant at = (Instant) value;
                yield Long.toString(Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000));
            }
            case INTERVAL -> {
                Interval iv = (Interval) value;
                yield iv.months() + " " + iv.days() + " " + iv.micros();
            }
            case NESTED -> {
                try {
                    yield readTree(JSON.writeValueAsString(value));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    /** Counts of values, NULLs, NaN and each infinity, by Cypher predicates in the graph and by SQL in the file. */
    private static void assertSameFloatingCounts(Connection graph, String cypherWithX, Path file, String column)
            throws SQLException {
        List<Long> inGraph = new ArrayList<>();
        try (QueryResult r = graph.query(cypherWithX + " RETURN count(*), count(x), count(CASE WHEN x <> x THEN 1 END), "
                + "count(CASE WHEN x = CAST('inf' AS DOUBLE) THEN 1 END), count(CASE WHEN x = CAST('-inf' AS DOUBLE) THEN 1 END)")) {
            r.next().values().forEach(v -> inGraph.add(((Number) v).longValue()));
        }
        List<Long> inFile = new ArrayList<>();
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(" + column + "), count(*) FILTER (WHERE isnan(" + column
                     + ")), count(*) FILTER (WHERE " + column + " = 'Infinity'), count(*) FILTER (WHERE " + column
                     + " = '-Infinity') FROM '" + file + "'")) {
            rs.next();
            for (int i = 1; i <= 5; i++) {
                inFile.add(rs.getLong(i));
            }
        }
        assertThat(inGraph).as(column).isEqualTo(inFile).containsExactly(8L, 7L, 1L, 1L, 1L);
    }
}
