package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.JSON;
import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.graphstaging.core.model.IntervalValue;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every type a staged Parquet column can have, through the real server (S3Proxy, PostgreSQL,
 * DuckDB, LadybugDB): staged, materialized, and read back from the graph through the read-only
 * Cypher route ({@code POST /databases/{g}/query} over HTTP), equal to the source file value by
 * value in the JSON form the HTTP API promises (DECIMAL as exact strings, integers beyond 2^53 as
 * strings, NaN and infinities as {@code null}, timestamps ISO 8601 in UTC, INTERVAL as an ISO 8601
 * duration, BLOB as base64); NULLs, NaN, infinities and extremes included. NaN, infinities and
 * NULL, all {@code null} in JSON, are told apart by Cypher predicates and counts through the same
 * route. Types the graph cannot hold exactly are a 422 naming each column and its cast, and the
 * graph is unchanged.
 */
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class TypeMatrixE2eTest {
    private static final String BUCKET = "e2e-types";
    private static final String GRAPH = "g_types";
    private static final int ROWS = 8;

    /**
     * How the file's value of a column becomes the JSON the Cypher route must answer:
     * {@code JSON} is DuckDB's own {@code to_json} (booleans, strings, ENUM, UUID, DATE, lists
     * and structs of small numbers and strings); the others follow the HTTP API's rules.
     */
    private enum Kind { JSON, INTEGER, FLOATING, DECIMAL, BLOB, TIMESTAMP, INTERVAL }

    /** A column of the matrix: its values, row by row (cycled when fewer than {@link #ROWS}). */
    private record Col(String name, Kind kind, List<String> values) {
        String value(int row) {
            return values.get(row % values.size());
        }
    }

    private static final List<Col> MATRIX = List.of(
            new Col("b", Kind.JSON, List.of("true", "false", "NULL")),
            new Col("i8", Kind.INTEGER, List.of("(-128)::TINYINT", "127::TINYINT", "NULL", "0::TINYINT")),
            new Col("i16", Kind.INTEGER, List.of("(-32768)::SMALLINT", "32767::SMALLINT", "NULL")),
            new Col("i32", Kind.INTEGER, List.of("(-2147483648)::INTEGER", "2147483647::INTEGER", "NULL")),
            new Col("i64", Kind.INTEGER, List.of("(-9223372036854775808)::BIGINT", "9223372036854775807::BIGINT", "NULL")),
            new Col("u8", Kind.INTEGER, List.of("0::UTINYINT", "255::UTINYINT", "NULL")),
            new Col("u16", Kind.INTEGER, List.of("0::USMALLINT", "65535::USMALLINT", "NULL")),
            new Col("u32", Kind.INTEGER, List.of("0::UINTEGER", "4294967295::UINTEGER", "NULL")),
            new Col("u64", Kind.INTEGER, List.of("0::UBIGINT", "18446744073709551615::UBIGINT", "NULL")),
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
            new Col("s", Kind.JSON, List.of("''", "'Zoë 😀'", "'comma, {brace}=x'", "NULL", "'it''s'", "repeat('x', 5000)")),
            new Col("e", Kind.JSON, List.of("'a'::ENUM('a', 'b')", "'b'::ENUM('a', 'b')", "NULL")),
            new Col("bl", Kind.BLOB, List.of("'\\x00\\xFF'::BLOB", "''::BLOB", "NULL")),
            // The nil UUID is INT128's minimum as the graph engine stores it (its glue keeps it exact).
            new Col("u", Kind.JSON, List.of("'00000000-0000-0000-0000-000000000000'::UUID", "'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID",
                    "NULL", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID")),
            new Col("dt", Kind.JSON, List.of("DATE '0001-01-01'", "DATE '9999-12-31'", "NULL", "DATE '1970-01-01'")),
            new Col("ts", Kind.TIMESTAMP, List.of("TIMESTAMP '1900-01-01 00:00:00.000001'",
                    "TIMESTAMP '2262-04-11 23:47:16.854775'", "NULL", "TIMESTAMP '1970-01-01 00:00:00'")),
            new Col("ts_ms", Kind.TIMESTAMP, List.of("'2024-05-06 07:08:09.123'::TIMESTAMP_MS", "NULL")),
            new Col("ts_s", Kind.TIMESTAMP, List.of("'2024-05-06 07:08:09'::TIMESTAMP_S", "NULL")),
            new Col("tstz", Kind.TIMESTAMP, List.of("'2024-05-06 07:08:09.123456+02'::TIMESTAMPTZ", "NULL")),
            new Col("iv", Kind.INTERVAL, List.of("INTERVAL '1 year 2 months 3 days 04:05:06.123456'", "INTERVAL '0 seconds'",
                    "NULL", "INTERVAL '2147483647 days'", "INTERVAL '178000000 years'", "INTERVAL '1 microsecond'",
                    "INTERVAL '36 hours'")),
            new Col("l", Kind.JSON, List.of("[1, NULL, 3]::INTEGER[]", "[]::INTEGER[]", "NULL")),
            new Col("ll", Kind.JSON, List.of("[[1, 2], NULL, [3]]::BIGINT[][]", "NULL", "[[]]::BIGINT[][]")),
            new Col("arr", Kind.JSON, List.of("[1, 2, 3]::INTEGER[3]", "NULL")),
            new Col("ls", Kind.JSON, List.of("['x', NULL, 'Zoë']", "NULL")),
            new Col("st", Kind.JSON, List.of("{'a': 1, 'b': 'x', 'c': [1.5, NULL]::DOUBLE[]}", "NULL",
                    "{'a': NULL, 'b': NULL, 'c': NULL::DOUBLE[]}")));

    /** Integers with magnitude up to this are JSON numbers, beyond it strings (http-api.md). */
    private static final BigInteger MAX_JSON_NUMBER = BigInteger.ONE.shiftLeft(53);
    /**
     * JSON values compared with numbers by value (so -0.0 and 0.0 differ), an integer only equal
     * to an integer, whatever width the JSON reader chose for each.
     */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.isIntegralNumber() == b.isIntegralNumber() && Double.compare(a.doubleValue(), b.doubleValue()) == 0 ? 0 : 1
            : a.equals(b) ? 0 : 1;

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
                + "END AS amount, CASE i WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN 'inf'::DOUBLE WHEN 4 THEN '-inf'::DOUBLE "
                + "WHEN 2 THEN NULL ELSE i / 3 END AS w, "
                + "CASE WHEN i = 3 THEN NULL ELSE to_microseconds(i * 1000001) + to_days(i) END AS took FROM range(" + ROWS + ") t(i)");
        s3.putObject(BUCKET, "links/l.parquet", links);
        s3.putObject(BUCKET, "refused/r.parquet", ParquetFiles.write(files.resolve("refused.parquet"),
                "SELECT 1::BIGINT AS identifier, TIME '01:02:03' AS at, TIMESTAMP_NS '2024-01-01 00:00:00.123456789' AS tns, "
                        + "MAP {'k': 1} AS m, [{'k': 1}] AS kv, {'a': {'b': 1}} AS deep, 1.5::DECIMAL(4, 1) AS fine"));
        try (E2eServer server = E2eServer.start(s3, postgres, Map.of())) {
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
            HttpResponse<String> noTable = cypher(server, "MATCH (n:refused) RETURN count(n) AS c");
            assertThat(noTable.statusCode()).as(noTable.body()).isEqualTo(400);

            JsonNode nodes = rows(server, "MATCH (n:matrix) RETURN n.identifier AS k, " + MATRIX.stream()
                    .map(c -> "n." + c.name() + " AS " + c.name()).collect(Collectors.joining(", ")) + " ORDER BY k");
            assertSameRows(nodes, "SELECT identifier, " + MATRIX.stream().map(Col::name).collect(Collectors.joining(", "))
                    + " FROM '" + matrix + "' ORDER BY identifier", MATRIX);
            List<Col> linkColumns = List.of(new Col("amount", Kind.DECIMAL, List.of()), new Col("w", Kind.FLOATING, List.of()),
                    new Col("took", Kind.INTERVAL, List.of()));
            JsonNode rels = rows(server, "MATCH (a:matrix)-[r:links]->(b:matrix) RETURN a.identifier AS k, r.amount AS amount, "
                    + "r.w AS w, r.took AS took ORDER BY k");
            assertSameRows(rels, "SELECT \"from\", amount, w, took FROM '" + links + "' ORDER BY \"from\"", linkColumns);
            assertJsonForms(nodes, rels);

            assertSameFloatingCounts(server, "MATCH (n:matrix) WITH n.f AS x", matrix, "f", List.of(8L, 7L, 1L, 1L, 1L));
            assertSameFloatingCounts(server, "MATCH (n:matrix) WITH n.d AS x", matrix, "d", List.of(8L, 7L, 1L, 1L, 1L));
            assertSameFloatingCounts(server, "MATCH (:matrix)-[r:links]->(:matrix) WITH r.w AS x", links, "w",
                    List.of(8L, 7L, 1L, 1L, 1L));
        }
    }

    /** A few answers spelled out, so the JSON forms are pinned independently of how the expectations are computed. */
    private static void assertJsonForms(JsonNode nodes, JsonNode rels) {
        JsonNode first = nodes.get(0);
        assertThat(first.get("i64").asText()).isEqualTo("-9223372036854775808");
        assertThat(first.get("i64").isTextual()).isTrue();
        assertThat(first.get("i32").isNumber()).isTrue();
        assertThat(nodes.get(1).get("u64").asText()).isEqualTo("18446744073709551615");
        assertThat(first.get("f").isNull()).as("NaN is null").isTrue();
        assertThat(nodes.get(1).get("d").isNull()).as("infinity is null").isTrue();
        assertThat(nodes.get(5).get("d").doubleValue()).isEqualTo(Double.MAX_VALUE);
        assertThat(nodes.get(4).get("d").doubleValue()).isEqualTo(-0.0);
        assertThat(first.get("dec4").asText()).isEqualTo("-99.99");
        assertThat(nodes.get(2).get("dec4").asText()).isEqualTo("0.00");
        assertThat(nodes.get(1).get("dec38s38").asText()).isEqualTo("0.00000000000000000000000000000000000001");
        assertThat(first.get("bl").asText()).isEqualTo("AP8=");
        assertThat(first.get("ts").asText()).isEqualTo("1900-01-01T00:00:00.000001Z");
        assertThat(first.get("tstz").asText()).isEqualTo("2024-05-06T05:08:09.123456Z");
        assertThat(first.get("dt").asText()).isEqualTo("0001-01-01");
        // A Parquet INTERVAL holds milliseconds (DuckDB drops the microseconds when it writes the
        // file, and writes 36 hours as a day and 12 hours): the graph holds what the file holds.
        assertThat(first.get("iv").asText()).isEqualTo("P1Y2M3DT4H5M6.123S");
        assertThat(nodes.get(1).get("iv").asText()).isEqualTo("PT0S");
        assertThat(nodes.get(3).get("iv").asText()).isEqualTo("P2147483647D");
        assertThat(nodes.get(4).get("iv").asText()).isEqualTo("P178000000Y");
        assertThat(nodes.get(6).get("iv").asText()).isEqualTo("P1DT12H");
        assertThat(first.get("st").toString()).isEqualTo("{\"a\":1,\"b\":\"x\",\"c\":[1.5,null]}");
        assertThat(rels.get(1).get("amount").asText()).isEqualTo("-12345678901234567890.12345678");
        assertThat(rels.get(1).get("took").asText()).isEqualTo("P1DT1S");
    }

    private static HttpResponse<String> cypher(E2eServer server, String cypher) {
        return server.post("/databases/" + GRAPH + "/query", Map.of("cypher", cypher));
    }

    /** The {@code data} of a Cypher answer, which must be a 200. */
    private static JsonNode rows(E2eServer server, String cypher) {
        HttpResponse<String> answer = cypher(server, cypher);
        assertThat(answer.statusCode()).as(cypher + " -> " + answer.body()).isEqualTo(200);
        return json(answer).get("data");
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
     * The Cypher route's rows ({@code k}, then {@code columns} by name) equal the file's, value by
     * value: {@code fileSql} returns the key and then {@code columns}, in the same order, and each
     * file value is turned into the JSON the HTTP API promises for it.
     */
    private static void assertSameRows(JsonNode actual, String fileSql, List<Col> columns) throws SQLException {
        try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet expected = st.executeQuery(referenceSql(fileSql, columns))) {
            int row = 0;
            while (expected.next()) {
                assertThat(row).as("rows answered").isLessThan(actual.size());
                JsonNode got = actual.get(row);
                assertThat(got.get("k").asLong()).isEqualTo(expected.getLong(1));
                for (int i = 0; i < columns.size(); i++) {
                    Col col = columns.get(i);
                    JsonNode want = expectedJson(col.kind(), expected.getString(i + 2));
                    JsonNode value = got.get(col.name());
                    assertThat(value).as("row %d column %s: %s", row, col.name(), got).isNotNull();
                    assertThat(value.equals(SAME_VALUE, want)).as("row %d column %s: got %s, want %s", row, col.name(), value, want)
                            .isTrue();
                }
                row++;
            }
            assertThat(actual.size()).as("rows answered").isEqualTo(row).isEqualTo(ROWS);
        }
    }

    /** The file's values as text, reduced in SQL to what {@link #expectedJson} turns into the promised JSON. */
    private static String referenceSql(String fileSql, List<Col> columns) {
        StringBuilder select = new StringBuilder("SELECT k");
        for (Col c : columns) {
            String x = "\"" + c.name() + "\"";
            select.append(", ").append(switch (c.kind()) {
                case JSON -> "CAST(to_json(" + x + ") AS VARCHAR)";
                case INTEGER, DECIMAL -> "CAST(" + x + " AS VARCHAR)";
                case FLOATING -> "CAST(CAST(" + x + " AS DOUBLE) AS VARCHAR)";
                case BLOB -> "base64(" + x + ")";
                case TIMESTAMP -> "CAST(epoch_us(" + x + ") AS VARCHAR)";
                case INTERVAL -> "CAST(datepart('year', " + x + ") * 12 + datepart('month', " + x + ") AS VARCHAR) || ' ' || "
                        + "CAST(datepart('day', " + x + ") AS VARCHAR) || ' ' || CAST(datepart('hour', " + x + ") * 3600000000 + "
                        + "datepart('minute', " + x + ") * 60000000 + datepart('microsecond', " + x + ") AS VARCHAR)";
            });
        }
        List<String> names = new ArrayList<>(List.of("k"));
        columns.forEach(c -> names.add(c.name()));
        return select + " FROM (" + fileSql + ") f(" + String.join(", ", names) + ")";
    }

    /** The JSON the HTTP API's "Values in JSON answers" promises for a file value ({@code null}: SQL NULL). */
    private static JsonNode expectedJson(Kind kind, String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        return switch (kind) {
            case JSON -> readTree(text);
            case INTEGER -> {
                BigInteger n = new BigInteger(text);
                yield n.abs().compareTo(MAX_JSON_NUMBER) <= 0 ? LongNode.valueOf(n.longValueExact()) : TextNode.valueOf(text);
            }
            case FLOATING -> {
                // DuckDB's text of a double: shortest round-trip digits, or nan, inf, -inf.
                double d = text.equals("nan") ? Double.NaN : Double.parseDouble(text.replace("inf", "Infinity"));
                yield Double.isFinite(d) ? DoubleNode.valueOf(d) : NullNode.getInstance();
            }
            // Scale kept, digits in full: DuckDB's own text drops a leading zero ("-.5" for DECIMAL(38,38)).
            case DECIMAL -> TextNode.valueOf(new BigDecimal(text).toPlainString());
            case BLOB -> TextNode.valueOf(text);
            case TIMESTAMP -> {
                long micros = Long.parseLong(text);
                yield TextNode.valueOf(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000L).toString());
            }
            case INTERVAL -> {
                String[] fields = text.split(" ");
                yield TextNode.valueOf(new IntervalValue(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]),
                        Long.parseLong(fields[2])).toString());
            }
        };
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(json, e);
        }
    }

    /**
     * Counts of values, NULLs, NaN and each infinity: by Cypher predicates through the Cypher
     * route, and by SQL in the file; both equal {@code want}.
     */
    private static void assertSameFloatingCounts(E2eServer server, String cypherWithX, Path file, String column,
                                                 List<Long> want) throws SQLException {
        JsonNode counts = rows(server, cypherWithX + " RETURN count(*) AS total, count(x) AS present, "
                + "count(CASE WHEN x <> x THEN 1 END) AS nan, count(CASE WHEN x = CAST('inf' AS DOUBLE) THEN 1 END) AS inf, "
                + "count(CASE WHEN x = CAST('-inf' AS DOUBLE) THEN 1 END) AS neg_inf").get(0);
        List<Long> inGraph = new ArrayList<>();
        for (String name : List.of("total", "present", "nan", "inf", "neg_inf")) {
            assertThat(counts.get(name).isIntegralNumber()).as(name + " in " + counts).isTrue();
            inGraph.add(counts.get(name).asLong());
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
        assertThat(inGraph).as(column).isEqualTo(inFile).isEqualTo(want);
    }
}
