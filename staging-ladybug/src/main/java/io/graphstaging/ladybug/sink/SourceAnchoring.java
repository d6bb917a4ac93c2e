package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.ladybug.binding.Connection;
import java.nio.file.Path;

/**
 * Whether the statements that read, update or remove given relationships should reach them from
 * their source nodes ("anchored") rather than join the keys with the whole relationship table.
 *
 * <p>0.14.3 joins {@code LOAD FROM <keys> MATCH (a {pk})-[r]->(b {pk})} by building a hash table
 * of every relationship, so the cost follows the table. Anchored, it finds the sources first
 * and extends from them only; but it joins each row of the file with every relationship of its
 * source before keeping the one with the row's destination, so a source with many rows in the
 * file and many relationships (a hub) costs their product. Anchored is chosen when that product,
 * summed over the sources, is at most the relationship table's row count: never more rows than
 * the whole-table join builds. With one row per source the sum is at most the table's count
 * anyway and is not computed.
 */
final class SourceAnchoring {
    private SourceAnchoring() {}

    static boolean pays(Connection connection, LoadPlan plan, Path file) {
        if (plan.kind() != GraphTableKind.RELATIONSHIP) {
            return false;
        }
        if (connection.queryLong(plan.rowsPerSource(file)) <= 1) {
            return true;
        }
        long tableRows = GraphCatalog.rowCount(connection, plan.tableName(), plan.kind());
        return connection.queryLong(plan.anchoredJoinFits(file, tableRows)) == 1;
    }
}
