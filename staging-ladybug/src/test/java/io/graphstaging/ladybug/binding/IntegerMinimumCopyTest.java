package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed integer chunks that hold their type's minimum (-2^(n-1), which has no absolute value in
 * n bits): the engine's bit packing took the bit width from the values' absolute values, so the
 * minimum (and every value wider than the chunk's maximum) was cut to its low bits, and INT128
 * (also UUID, whose 00000000-... is INT128's minimum) failed with "cannot negate INT128_MIN". The
 * glue stores such chunks uncompressed (flush_metadata.cpp, integer_minimum.cpp).
 */
class IntegerMinimumCopyTest {
    @RegisterExtension
    final ScratchGraph graph = new ScratchGraph(new DatabaseConfig(256L << 20, 1, false));
    @RegisterExtension
    final DuckDbParquet duck = new DuckDbParquet(graph::dir);
    private int tables;

    /** Column v per type: the minimum, values of either sign, one wide negative value, NULL. */
    @Test
    void eachSignedTypesMinimumNextToOtherValuesReadsBackExactly() {
        assertNodesCopy("TINYINT", "INT8", List.of("-128", "0", "5", "-100"), Arrays.asList(-128L, 0L, 5L, -100L));
        assertNodesCopy("SMALLINT", "INT16", List.of("-32768", "0", "5", "-30000"), Arrays.asList(-32768L, 0L, 5L, -30000L));
        assertNodesCopy("INTEGER", "INT32", List.of("-2147483648", "0", "5", "-2000000000"),
                Arrays.asList((long) Integer.MIN_VALUE, 0L, 5L, -2_000_000_000L));
        assertNodesCopy("BIGINT", "INT64", List.of("-9223372036854775808", "0", "5", "-4611686018427387905"),
                Arrays.asList(Long.MIN_VALUE, 0L, 5L, -4611686018427387905L));
        assertNodesCopy("VARCHAR", "INT128", List.of("'-170141183460469231731687303715884105728'", "'0'", "'5'", "'-1'"),
                Arrays.asList(BigInteger.ONE.shiftLeft(127).negate(), BigInteger.ZERO, BigInteger.valueOf(5), BigInteger.ONE.negate()));
        assertNodesCopy("UUID", "UUID", List.of("'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'",
                        "'80000000-0000-0000-0000-000000000005'", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
                List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, 5), UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
        // The minimum next to one value: 0 alone is how the engine lost INT64's minimum.
        assertNodesCopy("BIGINT", "INT64", List.of("-9223372036854775808", "0"), Arrays.asList(Long.MIN_VALUE, 0L));
    }

    @Test
    void randomUuidsReadBackExactly() {
        Path file = duck.write("uuids", "SELECT i::BIGINT AS id, CASE WHEN i % 10 = 3 THEN NULL ELSE uuid() END AS v FROM range(300000) t(i)");
        graph.execute("CREATE NODE TABLE U(id INT64, v UUID, PRIMARY KEY(id))");
        graph.execute("COPY U FROM " + DuckDbParquet.literal(file));
        assertThat(graph.queryLong("MATCH (n:U) RETURN count(n.v)")).isEqualTo(270000);
        List<Object> expected = new ArrayList<>();
        try (var rs = duck.query("SELECT v FROM " + DuckDbParquet.literal(file) + " ORDER BY id")) {
            while (rs.next()) {
                expected.add(rs.getObject(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        try (QueryResult r = graph.query("MATCH (n:U) RETURN n.v ORDER BY n.id")) {
            assertThat(r.rows()).extracting(row -> row.get(0)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void relationshipPropertiesAndChunksOfManyValuesReadBackExactly() {
        // 300,000 relationships: the minimum every 50,000th value, in chunks split into segments.
        Path nodes = duck.write("nodes", "SELECT i::BIGINT AS id FROM range(100) t(i)");
        Path rels = duck.write("rels", "SELECT (i % 100)::BIGINT AS src, ((i * 7) % 100)::BIGINT AS dst, i::BIGINT AS k, "
                + "CASE WHEN i % 50000 = 17 THEN (-9223372036854775808)::BIGINT WHEN i % 13 = 0 THEN NULL ELSE (i % 1000)::BIGINT END AS v, "
                + "CASE WHEN i % 50000 = 17 THEN (-2147483648)::INTEGER ELSE (i % 1000 - 500)::INTEGER END AS w FROM range(300000) t(i)");
        graph.execute("CREATE NODE TABLE N(id INT64, PRIMARY KEY(id))");
        graph.execute("CREATE REL TABLE R(FROM N TO N, k INT64, v INT64, w INT32)");
        graph.execute("COPY N FROM " + DuckDbParquet.literal(nodes));
        graph.execute("COPY R FROM " + DuckDbParquet.literal(rels));
        for (int round = 0; round < 2; round++) {
            assertThat(graph.queryLong("MATCH ()-[e:R]->() WHERE e.v = -9223372036854775807 - 1 RETURN count(*)")).isEqualTo(6);
            assertThat(graph.queryLong("MATCH ()-[e:R]->() WHERE e.w = -2147483648 RETURN count(*)")).isEqualTo(6);
            try (QueryResult r = graph.query("MATCH ()-[e:R]->() RETURN sum(e.v % 1000), count(e.v), sum(e.w) , min(e.v)")) {
                List<Object> copied = r.next().values();
                try (var rs = duck.query("SELECT sum(v % 1000), count(v), sum(w), min(v) FROM " + DuckDbParquet.literal(rels))) {
                    rs.next();
                    assertThat(((Number) copied.get(0)).longValue()).isEqualTo(rs.getLong(1));
                    assertThat(((Number) copied.get(1)).longValue()).isEqualTo(rs.getLong(2));
                    assertThat(((Number) copied.get(2)).longValue()).isEqualTo(rs.getLong(3));
                    assertThat(((Number) copied.get(3)).longValue()).isEqualTo(Long.MIN_VALUE);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            graph.reopen();
        }
    }

    /** Rows added to a chunk already on disk: the engine's in-place check judged the minimum to fit. */
    @Test
    void theMinimumWrittenIntoAChunkOnDiskReadsBackExactly() {
        graph.execute("CREATE NODE TABLE P(id INT64, v INT64, PRIMARY KEY(id))");
        graph.execute("CREATE (:P {id: 0, v: -1})");
        graph.execute("CREATE (:P {id: 1, v: 1})");
        graph.execute("CHECKPOINT");
        long refused = LbugNative.integerMinimumInPlaceUpdatesRefused();
        graph.execute("CREATE (:P {id: 2, v: -9223372036854775807 - 1})");
        graph.execute("CHECKPOINT");
        graph.execute("MATCH (p:P) WHERE p.id = 1 SET p.v = -9223372036854775807 - 1");
        graph.execute("CHECKPOINT");
        assertThat(LbugNative.integerMinimumInPlaceUpdatesRefused()).isGreaterThan(refused);
        for (int round = 0; round < 2; round++) {
            try (QueryResult r = graph.query("MATCH (p:P) RETURN p.v ORDER BY p.id")) {
                assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly(-1L, Long.MIN_VALUE, Long.MIN_VALUE);
            }
            graph.reopen();
        }
    }

    /**
     * Nodes copied from a file whose column v (of DuckDB type {@code duckType}) holds
     * {@code values} then NULL read back as {@code expected} then null, and the glue stored the
     * chunk holding the minimum uncompressed.
     */
    private void assertNodesCopy(String duckType, String ladybugType, List<String> values, List<Object> expected) {
        String table = "T" + ++tables;
        StringBuilder select = new StringBuilder("SELECT * FROM (VALUES ");
        for (int i = 0; i < values.size(); i++) {
            select.append("(").append(i).append("::BIGINT, (").append(values.get(i)).append(")::").append(duckType).append("), ");
        }
        select.append("(").append(values.size()).append("::BIGINT, NULL::").append(duckType).append(")) t(id, v)");
        Path file = duck.write(table, select.toString());
        graph.execute("CREATE NODE TABLE " + table + "(id INT64, v " + ladybugType + ", PRIMARY KEY(id))");
        long before = LbugNative.integerMinimumChunksUncompressed();
        graph.execute("COPY " + table + " FROM " + DuckDbParquet.literal(file));
        assertThat(LbugNative.integerMinimumChunksUncompressed()).as("the glue kept %s's minimum", ladybugType).isGreaterThan(before);
        List<Object> withNull = new ArrayList<>(expected);
        withNull.add(null);
        for (int round = 0; round < 2; round++) {
            try (QueryResult r = graph.query("MATCH (x:" + table + ") RETURN x.v ORDER BY x.id")) {
                assertThat(r.rows()).extracting(row -> row.get(0)).as(ladybugType + " " + values).containsExactlyElementsOf(withNull);
            }
            graph.reopen();
        }
    }
}
