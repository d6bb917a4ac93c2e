package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.ladybug.testing.StagedTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged columns an {@code evolve} contract added, on real LadybugDB files: {@code target} (which
 * a dry run and a verify call too) only checks and describes the graph table as it will be,
 * reading the graph works while the table still lacks the columns (NULL of the column's type),
 * and only {@code write} adds them.
 */
class GraphColumnAdditionsTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final TableName OWNS = TableName.of("Owns");

    @TempDir
    Path tmp;
    private StagedTables staging;
    private LadybugGraphSink sink;
    private Connection duck;

    @BeforeEach
    void setUp() throws SQLException {
        staging = new StagedTables(tmp.resolve("duck"));
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(128L << 20)
                .withMaxThreads(2), MemoryBudget.unlimited());
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        staging.close();
        duck.close();
    }

    @Test
    void targetLeavesTheNodeTableAsItWasExportsNullsForTheMissingColumnsAndWriteAddsThem() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'n' || i AS name, 'q1' AS file_id FROM range(1, 4) t(i)");
        staging.load(sink, G, ENTITY);
        List<String> before = graphColumns("Entity");
        assertThat(before).containsExactly("identifier INT64", "name STRING");

        // Q2 adds columns of types that travel as themselves and as text (DECIMAL, HUGEINT).
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'n' || i AS name,"
                + " CASE WHEN i >= 3 THEN i * 100 END::BIGINT AS rating,"
                + " CASE WHEN i >= 3 THEN i * 1.25 END::DECIMAL(18,2) AS amount,"
                + " CASE WHEN i >= 3 THEN DATE '2026-01-01' + i::INTEGER END AS seen,"
                + " CASE WHEN i >= 3 THEN i::HUGEINT * 10000000000000000000 END AS big,"
                + " CASE WHEN i >= 3 THEN 'q2' ELSE 'q1' END AS file_id FROM range(1, 5) t(i)");
        GraphTarget target = sink.target(G, staging.schema(G, ENTITY), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(target.exists()).isTrue();
        assertThat(target.columns().stream().map(Column::name))
                .containsExactly("identifier", "name", "rating", "amount", "seen", "big");
        assertThat(graphColumns("Entity")).as("target alters nothing").isEqualTo(before);

        try (ParquetFile all = sink.exportRows(G, target, Optional.empty(), tmp.resolve("all.parquet"))) {
            assertThat(all.rowCount()).isEqualTo(3);
            assertThat(rows(all.path(), "identifier, name, rating, amount, seen, big")).containsExactly(
                    "1|n1|null|null|null|null", "2|n2|null|null|null|null", "3|n3|null|null|null|null");
            // The staged types (text for the columns read back as text), so staging compares NULL with NULL.
            assertThat(rows(all.path(), "typeof(rating), typeof(amount), typeof(seen), typeof(big)"))
                    .containsOnly("BIGINT|VARCHAR|DATE|VARCHAR");
        }
        try (ParquetFile keys = parquet("keys.parquet", "SELECT 3::BIGINT AS identifier UNION ALL SELECT 4");
             ParquetFile some = sink.exportRows(G, target, Optional.of(keys), tmp.resolve("some.parquet"))) {
            assertThat(rows(some.path(), "identifier, name, rating")).containsExactly("3|n3|null");
        }
        assertThat(graphColumns("Entity")).as("reading alters nothing").isEqualTo(before);

        // As staging hands rows to the graph: DECIMAL and HUGEINT as their text.
        String handed = "SELECT identifier, name, rating, amount::VARCHAR AS amount, seen, big::VARCHAR AS big FROM g1__Entity";
        staging.stage(G, TableName.of("EntityInserts"), handed + " WHERE identifier = 4");
        staging.stage(G, TableName.of("EntityUpdates"), handed + " WHERE identifier = 3");
        try (ParquetFile inserts = staging.export(G, TableName.of("EntityInserts"), target);
             ParquetFile updates = staging.export(G, TableName.of("EntityUpdates"), target)) {
            sink.write(G, target, new GraphWrite(inserts, updates, staging.none(target), false, false, false, Optional.empty()));
        }

        assertThat(graphColumns("Entity")).containsExactly("identifier INT64", "name STRING", "rating INT64",
                "amount DECIMAL(18, 2)", "seen DATE", "big INT128");
        assertThat(cypher("MATCH (n:Entity) RETURN n.identifier, n.rating, CAST(n.amount AS STRING), n.seen,"
                + " CAST(n.big AS STRING) ORDER BY n.identifier")).containsExactly(
                "1|null|null|null|null", "2|null|null|null|null",
                "3|300|3.75|2026-01-04|30000000000000000000", "4|400|5.00|2026-01-05|40000000000000000000");
    }

    @Test
    void aRelationshipTableIsReadWhileItLacksTheColumnAndGetsItOnWrite() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(1, 4) t(i)");
        staging.load(sink, G, ENTITY);
        staging.stage(G, OWNS, "SELECT 1::BIGINT AS src, 2::BIGINT AS dst, 7::BIGINT AS since, 'f' AS file_id");
        staging.load(sink, G, OWNS, Optional.of(ENTITY), Optional.of(ENTITY), false);
        List<String> before = graphColumns("Owns");

        staging.stage(G, OWNS, "SELECT * FROM (VALUES (1::BIGINT, 2::BIGINT, 7::BIGINT, NULL::DOUBLE, 'f'),"
                + " (2, 3, 8, 0.5, 'g')) v(src, dst, since, weight, file_id)");
        GraphTarget target = sink.target(G, staging.schema(G, OWNS), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(target.columns().stream().map(Column::name)).containsExactly("src", "dst", "since", "weight");
        assertThat(graphColumns("Owns")).isEqualTo(before);

        try (ParquetFile candidates = parquet("candidates.parquet", "SELECT 2::BIGINT AS key");
             EndpointKeys present = sink.presentEndpoints(G, target, new EndpointKeys(candidates, candidates),
                     tmp.resolve("from-keys.parquet"), tmp.resolve("to-keys.parquet"))) {
            assertThat(rows(present.from().path(), "key")).contains("2");
        }
        try (ParquetFile keys = parquet("keys.parquet", "SELECT 1::BIGINT AS src, 2::BIGINT AS dst");
             ParquetFile some = sink.exportRows(G, target, Optional.of(keys), tmp.resolve("some.parquet"));
             ParquetFile all = sink.exportRows(G, target, Optional.empty(), tmp.resolve("all.parquet"))) {
            assertThat(rows(some.path(), "src, dst, since, weight, typeof(weight)")).containsExactly("1|2|7|null|DOUBLE");
            assertThat(rows(all.path(), "src, dst, since, weight")).containsExactly("1|2|7|null");
        }
        assertThat(graphColumns("Owns")).isEqualTo(before);

        staging.stage(G, TableName.of("OwnsInserts"), "SELECT * FROM g1__Owns WHERE since = 8");
        try (ParquetFile inserts = staging.export(G, TableName.of("OwnsInserts"), target)) {
            sink.write(G, target, new GraphWrite(inserts, staging.none(target), staging.none(target), false, false,
                    false, Optional.empty()));
        }
        assertThat(graphColumns("Owns")).containsExactly("since INT64", "weight DOUBLE");
        assertThat(cypher("MATCH (a:Entity)-[r:Owns]->(b:Entity) RETURN a.identifier, b.identifier, r.since, r.weight"
                + " ORDER BY r.since")).containsExactly("1|2|7|null", "2|3|8|0.5");
    }

    /** A widened type is refused by target, before the graph is written: no column is added either. */
    @Test
    void aWidenedTypeIsRefusedByTargetBeforeAnyColumnIsAdded() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, i::FLOAT AS price, 'f' AS file_id FROM range(1, 3) t(i)");
        staging.load(sink, G, ENTITY);
        List<String> before = graphColumns("Entity");

        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, i::BIGINT AS rating, i::DOUBLE AS price, 'f' AS file_id"
                + " FROM range(1, 3) t(i)");
        assertThatThrownBy(() -> sink.target(G, staging.schema(G, ENTITY), Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH))
                .hasMessageContaining("Column price of staging table Entity is DOUBLE")
                .hasMessageContaining("graph table Entity has FLOAT");
        assertThat(graphColumns("Entity")).isEqualTo(before);
    }

    /** The graph table's columns as {@code CALL table_info} reports them, {@code "<name> <type>"}. */
    private List<String> graphColumns(String table) {
        return sink.databases().write(G, c -> GraphCatalog.find(c, table).orElseThrow().properties().stream()
                .map(col -> col.name() + " " + col.type()).toList());
    }

    private List<String> cypher(String query) {
        return sink.databases().write(G, c -> {
            List<String> rows = new ArrayList<>();
            try (QueryResult result = c.query(query)) {
                for (Row row : result.rows()) {
                    rows.add(row.values().stream().map(String::valueOf).collect(Collectors.joining("|")));
                }
            }
            return rows;
        });
    }

    private ParquetFile parquet(String name, String select) {
        Path path = tmp.resolve(name);
        sql("COPY (" + select + ") TO '" + path + "' (FORMAT parquet)");
        return new ParquetFile(path, 1, List.of());
    }

    private List<String> rows(Path parquet, String select) {
        List<String> rows = new ArrayList<>();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + select + " FROM read_parquet('" + parquet + "') ORDER BY ALL")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private void sql(String sql) {
        try (Statement st = duck.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
