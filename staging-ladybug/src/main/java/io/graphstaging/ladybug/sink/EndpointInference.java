package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.ladybug.binding.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the endpoint node table of a new relationship table when the caller named none: the
 * only node table whose key type matches the staged column and that holds at least one of the
 * staged values. None, or more than one, is a refusal naming the candidates.
 */
final class EndpointInference {
    private final Connection connection;
    private final TableSchema schema;

    /** @param connection the graph's connection; null for a graph without a database (no candidates) */
    EndpointInference(Connection connection, TableSchema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    TableName infer(String column, String option, Optional<ParquetFile> stagedValues) {
        Column staged = schema.columns().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow();
        String type = LadybugTypes.of(staged);
        List<String> sameType = new ArrayList<>();
        List<String> holding = new ArrayList<>();
        if (connection != null) {
            for (Map.Entry<String, GraphTableKind> t : GraphCatalog.tableKinds(connection).entrySet()) {
                if (t.getValue() != GraphTableKind.NODE) {
                    continue;
                }
                GraphTable node = GraphCatalog.describe(connection, t.getKey(), t.getValue());
                String key = node.primaryKey().orElseThrow();
                boolean typeMatches = node.properties().stream()
                        .anyMatch(p -> p.name().equals(key) && p.type().equalsIgnoreCase(type));
                if (!typeMatches) {
                    continue;
                }
                sameType.add(node.name());
                if (stagedValues.isPresent() && holdsAny(node.name(), key, stagedValues.get())) {
                    holding.add(node.name());
                }
            }
        }
        if (holding.size() == 1) {
            return TableName.of(holding.get(0));
        }
        String why = holding.isEmpty()
                ? "no node table with a " + type + " key holds any of its values (node tables with a " + type + " key: "
                        + (sameType.isEmpty() ? "none" : String.join(", ", sameType)) + ")"
                : "several node tables hold its values: " + String.join(", ", holding);
        throw new StagingException(ErrorCode.INVALID_REQUEST, "Cannot infer " + option + " of relationship table "
                + schema.table() + " from column " + column + ": " + why + "; give " + option);
    }

    private boolean holdsAny(String table, String key, ParquetFile values) {
        return connection.queryLong("LOAD FROM " + Cypher.path(values.path()) + " WITH key AS k MATCH (n:"
                + Cypher.identifier(table) + " {" + Cypher.identifier(key) + ": k}) RETURN count(*)") > 0;
    }
}
