package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypeWideningTest {

    @Test
    void theIssuesExamplesWidenIntoTheTablesType() {
        assertThat(TypeWidening.widensInto("INTEGER", "BIGINT")).isTrue();
        assertThat(TypeWidening.widensInto("FLOAT", "DOUBLE")).isTrue();
        assertThat(TypeWidening.widensInto("DECIMAL(10,2)", "DECIMAL(18,2)")).isTrue();
        assertThat(TypeWidening.widensInto("BIGINT", "INTEGER")).isFalse();
        assertThat(TypeWidening.widensInto("DECIMAL(18,2)", "DECIMAL(10,2)")).isFalse();
    }

    @Test
    void commonTypesFollowTheLargerIntegerDigitsAndScale() {
        assertThat(TypeWidening.commonType("DECIMAL(10,4)", "DECIMAL(18,2)")).contains("DECIMAL(20,4)");
        assertThat(TypeWidening.commonType("BIGINT", "DECIMAL(10,2)")).contains("DECIMAL(21,2)");
        assertThat(TypeWidening.commonType("UINTEGER", "INTEGER")).contains("BIGINT");
        assertThat(TypeWidening.commonType("UBIGINT", "BIGINT")).contains("HUGEINT");
        assertThat(TypeWidening.commonType("INTEGER", "FLOAT")).contains("DOUBLE");
        assertThat(TypeWidening.commonType("SMALLINT", "FLOAT")).contains("FLOAT");
        assertThat(TypeWidening.commonType("DATE", "TIMESTAMP")).contains("TIMESTAMP");
        assertThat(TypeWidening.commonType("decimal(38, 10)", "DECIMAL(38,0)")).isEmpty();
    }

    @Test
    void textBooleansAndLossyPairsHaveNoCommonType() {
        assertThat(TypeWidening.commonType("BIGINT", "VARCHAR")).isEmpty();
        assertThat(TypeWidening.commonType("BIGINT", "DOUBLE")).isEmpty();
        assertThat(TypeWidening.commonType("BOOLEAN", "INTEGER")).isEmpty();
        assertThat(TypeWidening.commonType("HUGEINT", "UBIGINT")).contains("HUGEINT");
    }
}
