package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableSchema;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.ladybug.LadybugConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LadybugGraphSchemaTest {
    private static final GraphId G = GraphId.of("g1");
    private static final String DDL = "CREATE NODE TABLE Entity(identifier STRING, name STRING, amount DECIMAL(18, 2),"
            + " PRIMARY KEY(identifier));\n// the links\nCREATE REL TABLE LINKS(FROM Entity TO Entity, weight DOUBLE);";

    @TempDir
    Path tmp;
    private LadybugGraphSink sink;
    private LadybugGraphSchema schema;

    @BeforeEach
    void setUp() {
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(128L << 20)
                .withMaxThreads(2), MemoryBudget.unlimited());
        schema = new LadybugGraphSchema(sink);
    }

    @AfterEach
    void tearDown() {
        sink.close();
    }

    private static ErrorCode code(Throwable e) {
        return ((StagingException) e).code();
    }

    @Test
    void appliesNodeAndRelationshipTablesAndDescribesThem() {
        assertThat(schema.describe(G)).as("no graph database yet").isEmpty();
        assertThat(sink.databases().pathOf(G)).doesNotExist();

        assertThat(schema.apply(G, DDL)).containsExactly("Entity", "LINKS");

        assertThat(schema.describe(G)).containsExactly(
                new GraphTableSchema("Entity", GraphTableKind.NODE, List.of(
                        new GraphTableSchema.Property("identifier", "STRING", true),
                        new GraphTableSchema.Property("name", "STRING", false),
                        new GraphTableSchema.Property("amount", "DECIMAL(18, 2)", false)), Optional.empty(), Optional.empty()),
                new GraphTableSchema("LINKS", GraphTableKind.RELATIONSHIP, List.of(
                        new GraphTableSchema.Property("weight", "DOUBLE", false)), Optional.of("Entity"), Optional.of("Entity")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MATCH (n) RETURN n",
        "CREATE (:Entity {identifier: 'x'})",
        "DROP TABLE Entity",
        "COPY Entity FROM 'x.csv'",
        "CREATE NODE TABLE Copy AS MATCH (e:Entity) RETURN e.identifier",
        "CREATE SEQUENCE s",
        "CREATE NODE TABLE Ok(id INT64 PRIMARY KEY); ALTER TABLE Ok ADD x INT64",
        "CREATE NODE TABLE Ok(id INT64 PRIMARY KEY); CREATE (:Ok {id: 1})",
    })
    void refusesAnyOtherStatementBeforeAnythingRuns(String ddl) {
        assertThatThrownBy(() -> schema.apply(G, ddl)).satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_SCHEMA))
                .hasMessageContaining("only CREATE NODE TABLE and CREATE REL TABLE");
        assertThat(sink.databases().pathOf(G)).as("nothing was opened").doesNotExist();
    }

    @Test
    void aStatementTheEngineRefusesInTheMiddleAppliesNone() {
        schema.apply(G, "CREATE NODE TABLE Before(id INT64 PRIMARY KEY)");
        assertThatThrownBy(() -> schema.apply(G, "CREATE NODE TABLE A(id INT64 PRIMARY KEY);"
                + " CREATE REL TABLE R(FROM A TO Missing); CREATE NODE TABLE B(id INT64 PRIMARY KEY)"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_SCHEMA))
                .hasMessageContaining("Statement 2");
        assertThat(schema.describe(G)).extracting(GraphTableSchema::tableName).containsExactly("Before");
    }

    @Test
    void reservedNamesAreRefused() {
        assertThatThrownBy(() -> schema.apply(G, "CREATE NODE TABLE `$mine`(id INT64 PRIMARY KEY)"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_SCHEMA));
        assertThat(schema.describe(G)).isEmpty();
        assertThat(CypherSandbox.hiddenTables(sink.databases().write(G, c -> c))).as("not created").isEmpty();
    }

    @Test
    void aNodeTableWithRelationshipsIsDroppedOnlyWithCascade() {
        schema.apply(G, DDL + " CREATE NODE TABLE Other(id INT64 PRIMARY KEY);");

        assertThatThrownBy(() -> schema.dropTable(G, TableName.of("entity"), false))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TABLE_IN_USE)).hasMessageContaining("LINKS");
        assertThat(schema.describe(G)).hasSize(3);

        assertThat(schema.dropTable(G, TableName.of("entity"), true)).containsExactly("LINKS", "Entity");
        assertThat(schema.describe(G)).extracting(GraphTableSchema::tableName).containsExactly("Other");
        assertThat(schema.dropTable(G, TableName.of("Other"), false)).containsExactly("Other");

        assertThatThrownBy(() -> schema.dropTable(G, TableName.of("Other"), false))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TABLE_NOT_FOUND));
        assertThatThrownBy(() -> schema.dropTable(GraphId.of("never"), TableName.of("Other"), false))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TABLE_NOT_FOUND));
        assertThat(sink.databases().pathOf(GraphId.of("never"))).doesNotExist();
    }

    @Test
    void droppingATableDiscardsTheSyncRecordsOfEveryTableDropped() {
        schema.apply(G, DDL + " CREATE NODE TABLE Other(id INT64 PRIMARY KEY);");
        sink.databases().write(G, connection -> {
            for (String table : List.of("Entity", "LINKS", "Other")) {
                SyncRecords.put(connection, table, new SyncRecord(new StagingPosition(1, 3), 0, Instant.EPOCH, true));
            }
            return null;
        });

        schema.dropTable(G, TableName.of("entity"), true);

        assertThat(sink.syncRecords(G)).as("only the table not dropped keeps its record").containsOnlyKeys("other");
        schema.apply(G, DDL);
        assertThat(sink.syncRecords(G)).as("a table created again starts without one").containsOnlyKeys("other");
    }

    @Test
    void droppingTheGraphClosesAndDeletesItsDatabase() {
        schema.apply(G, DDL);
        assertThat(sink.openDatabases()).isEqualTo(1);

        assertThat(schema.dropGraph(G)).isTrue();

        assertThat(sink.openDatabases()).isZero();
        assertThat(sink.databases().pathOf(G)).doesNotExist();
        assertThat(schema.describe(G)).isEmpty();
        assertThat(schema.dropGraph(G)).as("nothing left to drop").isFalse();
        assertThat(schema.apply(G, "CREATE NODE TABLE Fresh(id INT64 PRIMARY KEY)")).containsExactly("Fresh");
    }
}
