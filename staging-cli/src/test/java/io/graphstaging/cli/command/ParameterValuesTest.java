package io.graphstaging.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code --param} texts become bound values: JSON only when the whole text is JSON. */
class ParameterValuesTest {

    @Test
    void sqlParametersAreJsonScalarsOrText() {
        assertThat(QueryCommand.value("30")).isEqualTo(30);
        assertThat(QueryCommand.value("2.5")).isEqualTo(2.5);
        assertThat(QueryCommand.value("true")).isEqualTo(true);
        assertThat(QueryCommand.value("null")).isNull();
        assertThat(QueryCommand.value("\"30\"")).isEqualTo("30");
        assertThat(QueryCommand.value("Acme")).isEqualTo("Acme");
        assertThat(QueryCommand.value("[1,2]")).as("SQL takes no lists: the text").isEqualTo("[1,2]");
    }

    @Test
    void aTextThatOnlyStartsWithJsonStaysText() {
        // Jackson reads the first value and ignores what follows unless told otherwise.
        assertThat(QueryCommand.value("30 people")).isEqualTo("30 people");
        assertThat(JsonOrText.value("30 people")).isEqualTo("30 people");
        assertThat(JsonOrText.value("true story")).isEqualTo("true story");
    }

    @Test
    void cypherParametersMayBeListsAndObjects() {
        assertThat(JsonOrText.value("[1, 2]")).isEqualTo(List.of(1, 2));
        assertThat(JsonOrText.value("{\"a\": \"b\"}")).isEqualTo(Map.of("a", "b"));
        assertThat(JsonOrText.value("10")).isEqualTo(10);
        assertThat(JsonOrText.value("e1")).isEqualTo("e1");
    }
}
