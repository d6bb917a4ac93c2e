package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FLOAT and DOUBLE copies go through the glue's replacement of the engine's segment size estimate
 * (float_segment_estimate.cpp): it must be the definition the engine calls, and what is read back
 * must equal the Parquet file value for value (NaN, infinities, -0.0, extremes and NULLs
 * included), before and after the database is reopened. Files are written by DuckDB, which also
 * reads them back as the reference.
 */
class FloatingPointCopyTest {
    private static final DatabaseConfig CONFIG = new DatabaseConfig(1L << 30, 2, false);
    /** Special values by {@code i % 997} (DOUBLE) and {@code i % 991} (FLOAT); random otherwise. */
    private static final String DOUBLE_VALUE = "CASE i % 997 WHEN 1 THEN NULL WHEN 2 THEN 'NaN'::DOUBLE "
            + "WHEN 3 THEN 'Infinity'::DOUBLE WHEN 4 THEN '-Infinity'::DOUBLE WHEN 5 THEN '-0.0'::DOUBLE "
            + "WHEN 6 THEN 1.7976931348623157e308 WHEN 7 THEN 4.9e-324 WHEN 8 THEN -2.2250738585072014e-308 "
            + "ELSE (random() - 0.5) * 1e6 END";
    private static final String FLOAT_VALUE = "CASE i % 991 WHEN 1 THEN NULL WHEN 2 THEN 'NaN'::FLOAT "
            + "WHEN 3 THEN 'Infinity'::FLOAT WHEN 4 THEN '-Infinity'::FLOAT WHEN 5 THEN 3.4028235e38::FLOAT "
            + "WHEN 6 THEN 1.4e-45::FLOAT ELSE ((random() - 0.5) * 1e4)::FLOAT END";

    @RegisterExtension
    final ScratchGraph graph = new ScratchGraph(CONFIG);
    @RegisterExtension
    final DuckDbParquet duck = new DuckDbParquet(graph::dir);

    @Test
    void theEngineCallsTheGluesEstimateForFloatingPointChunksOnly() {
        assertThat(LbugNative.checkEngine(NativeValues.utf8(graph.dir().toString()))).isNull();
        Path ints = duck.write("ints", "SELECT i::BIGINT AS id, (i * 7)::BIGINT AS v FROM range(300000) t(i)");
        Path doubles = duck.write("doubles", "SELECT i::BIGINT AS id, random() AS v FROM range(300000) t(i)");
        graph.execute("CREATE NODE TABLE I(id INT64, v INT64, PRIMARY KEY(id))");
        graph.execute("CREATE NODE TABLE D(id INT64, v DOUBLE, PRIMARY KEY(id))");

        long before = LbugNative.floatSegmentEstimates();
        graph.execute("COPY I FROM " + DuckDbParquet.literal(ints));
        assertThat(LbugNative.floatSegmentEstimates()).isEqualTo(before);
        graph.execute("COPY D FROM " + DuckDbParquet.literal(doubles));
        assertThat(LbugNative.floatSegmentEstimates()).isGreaterThan(before);
    }

    @Test
    void nodeColumnsReadBackEqualToTheParquetAlsoAfterReopening() {
        // 1.1M rows: nine node groups, each chunk split into several segments.
        Path nodes = duck.write("nodes", "SELECT i::BIGINT AS id, " + DOUBLE_VALUE + " AS d, " + FLOAT_VALUE
                + " AS f FROM range(1100000) t(i)");
        graph.execute("CREATE NODE TABLE N(id INT64, d DOUBLE, f FLOAT, PRIMARY KEY(id))");
        long before = LbugNative.floatSegmentEstimates();
        graph.execute("COPY N FROM " + DuckDbParquet.literal(nodes));
        assertThat(LbugNative.floatSegmentEstimates()).isGreaterThan(before);

        for (int round = 0; round < 2; round++) {
            assertSameRows("MATCH (n:N) RETURN n.id, n.d, n.f ORDER BY n.id",
                    "SELECT id, d, f FROM " + DuckDbParquet.literal(nodes) + " ORDER BY id");
            assertSameAggregates("MATCH (n:N) WITH n.d AS x", "SELECT d AS x FROM " + DuckDbParquet.literal(nodes));
            assertSameAggregates("MATCH (n:N) WITH n.f AS x", "SELECT f AS x FROM " + DuckDbParquet.literal(nodes));
            graph.reopen();
        }
    }

    @Test
    void relationshipPropertiesReadBackEqualToTheParquetAlsoAfterReopeningAndAppending() {
        // 1M relationships from 1,000 nodes: each source node group holds chunks of 1M values.
        Path nodes = duck.write("nodes", "SELECT i::BIGINT AS id FROM range(1000) t(i)");
        String rels = "SELECT (i % 1000)::BIGINT AS src, ((i * 7) % 1000)::BIGINT AS dst, i::BIGINT AS k, "
                + DOUBLE_VALUE + " AS w1, (random() * 1e9)::DOUBLE AS w2, " + FLOAT_VALUE + " AS w3 FROM range(FIRST, LAST) t(i)";
        Path first = duck.write("rels1", rels.replace("FIRST", "0").replace("LAST", "1000000"));
        Path second = duck.write("rels2", rels.replace("FIRST", "1000000").replace("LAST", "1200000"));
        graph.execute("CREATE NODE TABLE N(id INT64, PRIMARY KEY(id))");
        graph.execute("CREATE REL TABLE R(FROM N TO N, k INT64, w1 DOUBLE, w2 DOUBLE, w3 FLOAT)");
        graph.execute("COPY N FROM " + DuckDbParquet.literal(nodes));
        long before = LbugNative.floatSegmentEstimates();
        graph.execute("COPY R FROM " + DuckDbParquet.literal(first));
        assertThat(LbugNative.floatSegmentEstimates()).isGreaterThan(before);
        // A second copy into the non-empty table rewrites the existing chunks at checkpoint.
        graph.execute("COPY R FROM " + DuckDbParquet.literal(second));
        graph.execute("CHECKPOINT");

        String both = "(SELECT * FROM " + DuckDbParquet.literal(first) + " UNION ALL SELECT * FROM " + DuckDbParquet.literal(second) + ")";
        for (int round = 0; round < 2; round++) {
            assertSameRows("MATCH (a:N)-[e:R]->(b:N) RETURN e.k, a.id, b.id, e.w1, e.w2, e.w3 ORDER BY e.k",
                    "SELECT k, src, dst, w1, w2, w3 FROM " + both + " ORDER BY k");
            assertSameAggregates("MATCH ()-[e:R]->() WITH e.w1 AS x", "SELECT w1 AS x FROM " + both);
            assertSameAggregates("MATCH ()-[e:R]->() WITH e.w3 AS x", "SELECT w3 AS x FROM " + both);
            graph.reopen();
        }
    }

    @Test
    void floatingPointFieldsOfStructsAndListsReadBackEqualToTheParquet() {
        Path nested = duck.write("nested", "SELECT i::BIGINT AS id, CASE WHEN i % 101 = 0 THEN NULL ELSE "
                + "{'a': " + DOUBLE_VALUE + ", 'b': " + FLOAT_VALUE + "} END AS s, "
                + "CASE WHEN i % 97 = 0 THEN NULL ELSE [" + DOUBLE_VALUE + ", (random() - 0.5) * 1e3, "
                + "CASE WHEN i % 7 = 0 THEN NULL ELSE random() END][1:(i % 4)::BIGINT] END AS l "
                + "FROM range(400000) t(i)");
        graph.execute("CREATE NODE TABLE S(id INT64, s STRUCT(a DOUBLE, b FLOAT), PRIMARY KEY(id))");
        graph.execute("CREATE NODE TABLE L(id INT64, l DOUBLE[], PRIMARY KEY(id))");
        // Each table alone, so that each count shows the nested chunk's own path.
        long before = LbugNative.floatSegmentEstimates();
        graph.execute("COPY S FROM (LOAD FROM " + DuckDbParquet.literal(nested) + " RETURN id, s)");
        long afterStruct = LbugNative.floatSegmentEstimates();
        assertThat(afterStruct).isGreaterThan(before);
        graph.execute("COPY L FROM (LOAD FROM " + DuckDbParquet.literal(nested) + " RETURN id, l)");
        assertThat(LbugNative.floatSegmentEstimates()).isGreaterThan(afterStruct);

        for (int round = 0; round < 2; round++) {
            assertSameRows("MATCH (n:S) RETURN n.id, n.s IS NULL, n.s.a, n.s.b ORDER BY n.id",
                    "SELECT id, s IS NULL, s.a, s.b FROM " + DuckDbParquet.literal(nested) + " ORDER BY id");
            assertSameRows("MATCH (n:L) RETURN n.id, n.l IS NULL, size(n.l) ORDER BY n.id",
                    "SELECT id, l IS NULL, len(l) FROM " + DuckDbParquet.literal(nested) + " ORDER BY id");
            assertSameRows("MATCH (n:L) UNWIND range(1, size(n.l)) AS k RETURN n.id, k, n.l[k] ORDER BY n.id, k",
                    "SELECT id, k, l[k] FROM (SELECT id, l, unnest(generate_series(1, len(l))) AS k FROM "
                            + DuckDbParquet.literal(nested) + ") ORDER BY id, k");
            assertSameAggregates("MATCH (n:S) WITH n.s.a AS x", "SELECT s.a AS x FROM " + DuckDbParquet.literal(nested));
            graph.reopen();
        }
    }

    @Test
    void naNIsKeptWhereverItIsInAChunk() {
        // The engine's min/max statistics ignore NaN unless it comes first, and then see nothing else:
        // a chunk whose first non-NULL value is NaN, or whose other values are all equal, was stored
        // as a constant.
        Path file = duck.write("nan", "SELECT i::BIGINT AS id, "
                + "CASE WHEN i % 200000 = 0 THEN NULL WHEN i % 200000 = 1 THEN 'NaN'::DOUBLE ELSE random() END AS first, "
                + "CASE WHEN i % 1000 = 7 THEN 'NaN'::DOUBLE ELSE 1.5 END AS constant, "
                + "CASE WHEN i % 3 = 0 THEN 'NaN'::FLOAT WHEN i % 3 = 1 THEN NULL ELSE 2.5::FLOAT END AS mixed, "
                + "'NaN'::DOUBLE AS allnan FROM range(400000) t(i)");
        graph.execute("CREATE NODE TABLE N(id INT64, first DOUBLE, constant DOUBLE, mixed FLOAT, allnan DOUBLE, PRIMARY KEY(id))");
        long before = LbugNative.naNChunksFlushed();
        graph.execute("COPY N FROM " + DuckDbParquet.literal(file));
        assertThat(LbugNative.naNChunksFlushed()).isGreaterThan(before);
        graph.execute("CREATE NODE TABLE C(id INT64, x DOUBLE, PRIMARY KEY(id))");
        graph.execute("CREATE (:C {id: 0})");
        graph.execute("CREATE (:C {id: 1, x: CAST('nan' AS DOUBLE)})");
        graph.execute("CREATE (:C {id: 2, x: 2.5})");
        graph.execute("CHECKPOINT");
        for (int round = 0; round < 2; round++) {
            assertSameRows("MATCH (n:N) RETURN n.id, n.first, n.constant, n.mixed, n.allnan ORDER BY n.id",
                    "SELECT id, first, constant, mixed, allnan FROM " + DuckDbParquet.literal(file) + " ORDER BY id");
            assertSameAggregates("MATCH (n:N) WITH n.constant AS x", "SELECT constant AS x FROM " + DuckDbParquet.literal(file));
            try (QueryResult r = graph.query("MATCH (n:C) RETURN n.x ORDER BY n.id")) {
                assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly(null, Double.NaN, 2.5);
            }
            // Zone maps still find the values of a chunk that holds NaN.
            assertThat(graph.queryLong("MATCH (n:N) WHERE n.constant = 1.5 RETURN count(*)")).isEqualTo(400000 - 400);
            assertThat(graph.queryLong("MATCH (n:N) WHERE n.mixed > 2.0 RETURN count(*)")).isEqualTo(133333);
            graph.reopen();
        }
    }

    /** Every row equal, value by value: Double.equals tells NaN, -0.0 and NULL apart. */
    private void assertSameRows(String cypher, String sql) {
        try (QueryResult copied = graph.query(cypher); ResultSet parquet = duck.query(sql)) {
            int columns = copied.columnNames().size();
            long rows = 0;
            while (parquet.next()) {
                assertThat(copied.hasNext()).as("row %d of %s", rows, cypher).isTrue();
                Row row = copied.next();
                for (int i = 0; i < columns; i++) {
                    assertThat(normalise(row.get(i))).as("row %d column %d of %s", rows, i, cypher)
                            .isEqualTo(normalise(parquet.getObject(i + 1)));
                }
                rows++;
            }
            assertThat(copied.hasNext()).as("more rows in the graph than in the file").isFalse();
            assertThat(rows).isPositive();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Counts of values, NULLs, NaN and each infinity, and the sum, minimum and maximum of the
     * finite values, computed by each engine from its own copy.
     */
    private void assertSameAggregates(String cypherWithX, String sqlOfX) {
        String finite = "x = x AND x < CAST('inf' AS DOUBLE) AND x > CAST('-inf' AS DOUBLE)";
        List<Object> copied;
        try (QueryResult r = graph.query(cypherWithX + " RETURN count(*), count(x), "
                + "count(CASE WHEN x <> x THEN 1 END), count(CASE WHEN x = CAST('inf' AS DOUBLE) THEN 1 END), "
                + "count(CASE WHEN x = CAST('-inf' AS DOUBLE) THEN 1 END), "
                + "sum(CASE WHEN " + finite + " THEN CAST(x AS DOUBLE) END), min(CASE WHEN " + finite + " THEN x END), "
                + "max(CASE WHEN " + finite + " THEN x END)")) {
            copied = r.next().values();
        }
        List<Object> parquet = new ArrayList<>();
        try (ResultSet rs = duck.query("SELECT count(*), count(x), "
                + "count(*) FILTER (WHERE isnan(x)), count(*) FILTER (WHERE x = 'Infinity'), "
                + "count(*) FILTER (WHERE x = '-Infinity'), sum(x::DOUBLE) FILTER (WHERE isfinite(x)), "
                + "min(x) FILTER (WHERE isfinite(x)), max(x) FILTER (WHERE isfinite(x)) FROM (" + sqlOfX + ")")) {
            rs.next();
            for (int i = 1; i <= 8; i++) {
                parquet.add(rs.getObject(i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(((Number) copied.get(i)).longValue()).as("count %d of %s", i, cypherWithX)
                    .isEqualTo(((Number) parquet.get(i)).longValue());
        }
        // The engines add in different orders: equal to the last few bits.
        double sum = ((Number) parquet.get(5)).doubleValue();
        assertThat((Double) copied.get(5)).isCloseTo(sum, within(Math.abs(sum) * 1e-9 + 1e-6));
        assertThat(normalise(copied.get(6))).isEqualTo(normalise(parquet.get(6)));
        assertThat(normalise(copied.get(7))).isEqualTo(normalise(parquet.get(7)));
        assertThat(((Number) copied.get(0)).longValue()).isPositive();
    }

    /** Both engines' numbers as Long or Double (FLOAT widens exactly), booleans as they are. */
    private static Object normalise(Object value) {
        if (value instanceof Float f) {
            return (double) f;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return value;
    }
}
