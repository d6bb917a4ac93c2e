package io.graphstaging.duckdb.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a parsed statement refers to, read from the tree DuckDB's {@code json_serialize_sql}
 * gives: every function it calls, every table function, every table or view it reads (with the
 * common table expressions in scope where it reads it), and every kind of table reference. The
 * walk visits every object of the tree, so nothing nested (subqueries, lambdas, arguments of
 * table functions, CTE bodies) escapes it.
 */
final class ParseTree {
    /** A scalar, aggregate or window function (or operator), or a table function in FROM. */
    record FunctionCall(String name, String schema, String catalog, boolean tableFunction) {}

    /** A named table or view in FROM. */
    record TableRead(String name, String schema, String catalog, boolean namesCommonTableExpression) {}

    private final List<FunctionCall> functions = new ArrayList<>();
    private final List<TableRead> tables = new ArrayList<>();
    private final Set<String> tableReferenceTypes = new HashSet<>();

    private ParseTree() {}

    /** Walks the statements of a {@code json_serialize_sql} answer. */
    static ParseTree of(JsonNode serialized) {
        ParseTree tree = new ParseTree();
        tree.walk(serialized.path("statements"), Set.of());
        return tree;
    }

    List<FunctionCall> functions() {
        return functions;
    }

    List<TableRead> tables() {
        return tables;
    }

    /** The {@code type} of every table reference ({@code BASE_TABLE}, {@code SUBQUERY}, ...). */
    Set<String> tableReferenceTypes() {
        return tableReferenceTypes;
    }

    private void walk(JsonNode node, Set<String> ctes) {
        if (node.isArray()) {
            node.forEach(child -> walk(child, ctes));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode cteMap = node.path("cte_map").path("map");
        Set<String> inScope = ctes;
        if (cteMap.isArray() && !cteMap.isEmpty()) {
            // A CTE's body sees the CTEs before it and itself (recursion); the rest of the node sees all.
            Set<String> growing = new HashSet<>(ctes);
            for (JsonNode entry : cteMap) {
                growing.add(lower(entry.path("key").asText()));
                walk(entry.path("value"), Set.copyOf(growing));
            }
            inScope = Set.copyOf(growing);
        }
        if (isTableReference(node)) {
            String type = node.path("type").asText();
            tableReferenceTypes.add(type);
            if (type.equals("BASE_TABLE")) {
                String schema = node.path("schema_name").asText();
                String catalog = node.path("catalog_name").asText();
                String name = node.path("table_name").asText();
                tables.add(new TableRead(name, schema, catalog,
                        schema.isEmpty() && catalog.isEmpty() && inScope.contains(lower(name))));
            } else if (type.equals("TABLE_FUNCTION")) {
                JsonNode function = node.path("function");
                functions.add(call(function, true));
                walkFields(function, inScope, "function_name");
                walkFields(node, inScope, "function");
                return;
            }
        } else if (node.has("function_name")) {
            functions.add(call(node, false));
        }
        walkFields(node, inScope, "cte_map");
    }

    private void walkFields(JsonNode node, Set<String> ctes, String skipped) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals(skipped)) {
                walk(field.getValue(), ctes);
            }
        }
    }

    /** Table references carry an alias and a sample clause; expressions have a class, query nodes modifiers. */
    private static boolean isTableReference(JsonNode node) {
        return node.has("type") && node.has("alias") && node.has("sample") && !node.has("class") && !node.has("modifiers");
    }

    private static FunctionCall call(JsonNode function, boolean table) {
        return new FunctionCall(function.path("function_name").asText(), function.path("schema").asText(),
                function.path("catalog").asText(), table);
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
