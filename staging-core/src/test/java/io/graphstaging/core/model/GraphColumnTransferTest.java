package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphColumnTransfer.Carrier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every staged type name DuckDB reports (JDBC's column type names) and how it travels to the graph. */
class GraphColumnTransferTest {

    @Test
    void scalarsThatTravelAsThemselves() {
        assertTravels("BOOLEAN", Carrier.AS_STAGED, "BOOL");
        assertTravels("TINYINT", Carrier.AS_STAGED, "INT8");
        assertTravels("SMALLINT", Carrier.AS_STAGED, "INT16");
        assertTravels("INTEGER", Carrier.AS_STAGED, "INT32");
        assertTravels("BIGINT", Carrier.AS_STAGED, "INT64");
        assertTravels("UTINYINT", Carrier.AS_STAGED, "UINT8");
        assertTravels("USMALLINT", Carrier.AS_STAGED, "UINT16");
        assertTravels("UINTEGER", Carrier.AS_STAGED, "UINT32");
        assertTravels("UBIGINT", Carrier.AS_STAGED, "UINT64");
        assertTravels("FLOAT", Carrier.AS_STAGED, "FLOAT");
        assertTravels("DOUBLE", Carrier.AS_STAGED, "DOUBLE");
        assertTravels("VARCHAR", Carrier.AS_STAGED, "STRING");
        assertTravels("ENUM", Carrier.AS_STAGED, "STRING");
        assertTravels("BLOB", Carrier.AS_STAGED, "BLOB");
        assertTravels("DATE", Carrier.AS_STAGED, "DATE");
        assertTravels("TIMESTAMP", Carrier.AS_STAGED, "TIMESTAMP");
        assertTravels("TIMESTAMP_MS", Carrier.AS_STAGED, "TIMESTAMP_MS");
        assertTravels("TIMESTAMP_S", Carrier.AS_STAGED, "TIMESTAMP_SEC");
        assertTravels("TIMESTAMP WITH TIME ZONE", Carrier.AS_STAGED, "TIMESTAMP_TZ");
    }

    @Test
    void exactThroughText() {
        assertTravels("DECIMAL(1,0)", Carrier.AS_TEXT, "DECIMAL(1, 0)");
        assertTravels("DECIMAL(4,2)", Carrier.AS_TEXT, "DECIMAL(4, 2)");
        assertTravels("DECIMAL(18,3)", Carrier.AS_TEXT, "DECIMAL(18, 3)");
        assertTravels("DECIMAL(38,38)", Carrier.AS_TEXT, "DECIMAL(38, 38)");
        assertTravels("HUGEINT", Carrier.AS_TEXT, "INT128");
        assertTravels("UHUGEINT", Carrier.AS_TEXT, "UINT128");
        assertTravels("INTERVAL", Carrier.AS_INTERVAL_FIELDS, "INTERVAL");
    }

    @Test
    void nestedValuesOfTypesThatTravelAsThemselves() {
        assertTravels("INTEGER[]", Carrier.AS_STAGED, "INT32[]");
        assertTravels("UUID[]", Carrier.AS_STAGED, "UUID[]");
        assertTravels("STRUCT(u UUID)", Carrier.AS_STAGED, "STRUCT(`u` UUID)");
        assertTravels("DOUBLE[][]", Carrier.AS_STAGED, "DOUBLE[][]");
        assertTravels("INTEGER[3]", Carrier.AS_STAGED, "INT32[3]");
        assertTravels("INTEGER[2][]", Carrier.AS_STAGED, "INT32[2][]");
        assertTravels("STRUCT(a INTEGER, b VARCHAR, c DOUBLE[])", Carrier.AS_STAGED,
                "STRUCT(`a` INT32, `b` STRING, `c` DOUBLE[])");
        assertTravels("STRUCT(\"select\" TIMESTAMP WITH TIME ZONE)", Carrier.AS_STAGED, "STRUCT(`select` TIMESTAMP_TZ)");
    }

    @Test
    void refusedNamingColumnTypeAndCast() {
        assertRefused("TIME", "no time-of-day type", "cast it to VARCHAR");
        assertRefused("TIME WITH TIME ZONE", "no time-of-day type", "cast it to VARCHAR");
        assertRefused("TIMESTAMP_NS", "microseconds only", "cast it to TIMESTAMP (rounds to microseconds) or VARCHAR");
        assertRefused("MAP(VARCHAR, INTEGER)", "no MAP", "cast it to VARCHAR");
        assertRefused("STRUCT(a INTEGER)[]", "no LIST of STRUCT", "cast it to VARCHAR");
        assertRefused("STRUCT(a STRUCT(b DOUBLE))", "no STRUCT inside a LIST or STRUCT", "cast it to VARCHAR");
        assertRefused("DECIMAL(4,1)[]", "DECIMAL inside a LIST or STRUCT", "cast it to VARCHAR");
        assertRefused("STRUCT(a HUGEINT)", "HUGEINT inside a LIST or STRUCT", "cast it to VARCHAR");
        assertRefused("INTERVAL[]", "INTERVAL inside a LIST or STRUCT", "cast it to VARCHAR");
        assertRefused("TIME[]", "no time-of-day type", "cast it to VARCHAR");
        assertRefused("STRUCT(\"a b\" INTEGER)", "field names of letters, digits and '_' only, not 'a b'", "cast it to");
        assertRefused("UNION(k INTEGER, v VARCHAR)", "no type for UNION", "cast it to VARCHAR");
        assertRefused("BIT", "no type for BIT", "cast it to VARCHAR");
        assertRefused("BIGNUM", "no type for BIGNUM", "cast it to VARCHAR");
        assertRefused("JSON", "no type for JSON", "cast it to VARCHAR");
        assertRefused("DECIMAL(39,2)", "1 to 38 digits", "cast it to DECIMAL(38, s)");
    }

    @Test
    void everyRefusedColumnNamedAtOnce() {
        List<Column> columns = List.of(new Column("identifier", "BIGINT"), new Column("t", "TIME"),
                new Column("amount", "DECIMAL(18,2)"), new Column("m", "MAP(VARCHAR, INTEGER)"));
        assertThatThrownBy(() -> GraphColumnTransfer.ofAll(TableName.of("Entity"), columns))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH))
                .hasMessageStartingWith("Table Entity cannot be loaded into the graph exactly, nothing was written: ")
                .hasMessageContaining("column t has type TIME")
                .hasMessageContaining("column m has type MAP(VARCHAR, INTEGER)")
                .message().doesNotContain("amount").doesNotContain("identifier");
        assertThat(GraphColumnTransfer.ofAll(TableName.of("Entity"), columns.subList(0, 1)))
                .containsExactly(new GraphColumnTransfer(columns.get(0), Carrier.AS_STAGED, "INT64"));
    }

    @Test
    void theGraphHandsBackAsTextWhatTravelsAsTextAndUuids() {
        for (String type : List.of("DECIMAL(18,2)", "HUGEINT", "INTERVAL", "UUID")) {
            assertThat(GraphColumnTransfer.of(new Column("v", type)).readBackAsText()).as(type).isTrue();
        }
        for (String type : List.of("BIGINT", "DOUBLE", "VARCHAR", "DATE", "UUID[]")) {
            assertThat(GraphColumnTransfer.of(new Column("v", type)).readBackAsText()).as(type).isFalse();
        }
    }

    private static void assertTravels(String stagedType, Carrier carrier, String graphType) {
        Column column = new Column("v", stagedType);
        assertThat(GraphColumnTransfer.of(column)).as(stagedType).isEqualTo(new GraphColumnTransfer(column, carrier, graphType));
    }

    private static void assertRefused(String stagedType, String reason, String cast) {
        assertThatThrownBy(() -> GraphColumnTransfer.of(new Column("v", stagedType))).as(stagedType)
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH))
                .hasMessageStartingWith("Column v has type " + stagedType + ", which the graph cannot hold exactly (")
                .hasMessageContaining(reason).hasMessageContaining(cast);
    }
}
