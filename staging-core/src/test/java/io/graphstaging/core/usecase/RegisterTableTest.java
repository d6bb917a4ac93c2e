package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import org.junit.jupiter.api.Test;

/** RegisterTable: idempotent registration. */
class RegisterTableTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName T = TableName.of("entities");

    private final InMemoryFileRegistry registry = new InMemoryFileRegistry();

    @Test
    void tellsWhetherItCreatedTheTable() {
        RegisterTable registerTable = new RegisterTable(registry);
        FileRegistry.Registration first = registerTable.execute(G, T, TableKind.NODE);
        FileRegistry.Registration again = registerTable.execute(G, T, TableKind.RELATIONSHIP);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.table()).isEqualTo(first.table());
        assertThat(registry.findTable(G, T).orElseThrow().type()).isEqualTo(TableKind.NODE);
    }
}
