package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.ladybug.binding.Connection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one staged table goes into its graph table: the export's columns in the graph table's
 * order, the DDL when the table must be created, and the Cypher of the copy.
 *
 * @param exportColumns staged column names in the order the graph table takes them
 * @param keyColumns    node: the staged key column; relationship: the staged source and
 *                      destination columns
 * @param endpoints     a relationship table's endpoint tables and their keys
 */
record LoadPlan(String tableName, GraphTableKind kind, List<String> exportColumns, List<String> keyColumns,
                Optional<String> primaryKey, Optional<GraphTable.Endpoints> endpoints,
                Optional<String> createStatement) {

    static LoadPlan forExisting(GraphTable table, TableSchema schema, Optional<TableName> from, Optional<TableName> to) {
        GraphTableKind kind = kindOf(schema);
        if (table.kind() != kind) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Staging table " + schema.table() + " is a "
                    + kind.wireName() + " table but graph table " + table.name() + " is a " + table.kind().wireName() + " table");
        }
        List<String> keys = schema.keyColumns();
        List<Column> staged = stagedProperties(schema, kind == GraphTableKind.NODE ? List.of() : keys);
        checkSameColumns(schema, table, staged);
        List<String> order = new ArrayList<>();
        if (kind == GraphTableKind.RELATIONSHIP) {
            GraphTable.Endpoints endpoints = table.endpoints().orElseThrow();
            checkEndpoint("from_node_table", from, endpoints.fromTable(), schema);
            checkEndpoint("to_node_table", to, endpoints.toTable(), schema);
            order.addAll(keys);
        }
        table.properties().forEach(c -> order.add(stagedName(staged, c.name())));
        if (kind == GraphTableKind.NODE && !table.primaryKey().orElse("").equalsIgnoreCase(TableKind.IDENTIFIER)) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Graph table " + table.name() + " has primary key "
                    + table.primaryKey().orElse("(none)") + ", not " + TableKind.IDENTIFIER);
        }
        return new LoadPlan(table.name(), kind, order, kind == GraphTableKind.NODE ? List.of(stagedName(staged, TableKind.IDENTIFIER)) : keys,
                table.primaryKey(), table.endpoints(), Optional.empty());
    }

    static LoadPlan forNew(Connection connection, TableSchema schema, Optional<TableName> fromTable,
                          Optional<TableName> toTable) {
        String name = schema.table().value();
        if (schema.kind() == TableKind.NODE) {
            List<Column> staged = stagedProperties(schema, List.of());
            List<String> order = new ArrayList<>();
            List<String> definitions = new ArrayList<>();
            Column key = staged.stream().filter(c -> c.name().equals(TableKind.IDENTIFIER)).findFirst().orElseThrow();
            order.add(key.name());
            definitions.add(Cypher.identifier(key.name()) + " " + LadybugTypes.of(key));
            for (Column c : staged) {
                if (!c.name().equals(TableKind.IDENTIFIER)) {
                    order.add(c.name());
                    definitions.add(Cypher.identifier(c.name()) + " " + LadybugTypes.of(c));
                }
            }
            String ddl = "CREATE NODE TABLE " + Cypher.identifier(name) + "(" + String.join(", ", definitions)
                    + ", PRIMARY KEY(" + Cypher.identifier(key.name()) + "))";
            return new LoadPlan(name, GraphTableKind.NODE, order, List.of(key.name()), Optional.of(key.name()),
                    Optional.empty(), Optional.of(ddl));
        }
        if (fromTable.isEmpty() || toTable.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Graph has no relationship table " + name
                    + "; give from_node_table and to_node_table to create it");
        }
        List<String> keys = schema.keyColumns();
        GraphTable from = endpoint(connection, fromTable.get(), "from_node_table");
        GraphTable to = endpoint(connection, toTable.get(), "to_node_table");
        checkKeyType(schema, keys.get(0), from);
        checkKeyType(schema, keys.get(1), to);
        List<String> order = new ArrayList<>(keys);
        List<String> definitions = new ArrayList<>();
        definitions.add("FROM " + Cypher.identifier(from.name()) + " TO " + Cypher.identifier(to.name()));
        for (Column c : stagedProperties(schema, keys)) {
            order.add(c.name());
            definitions.add(Cypher.identifier(c.name()) + " " + LadybugTypes.of(c));
        }
        String ddl = "CREATE REL TABLE " + Cypher.identifier(name) + "(" + String.join(", ", definitions) + ")";
        return new LoadPlan(name, GraphTableKind.RELATIONSHIP, order, keys, Optional.empty(),
                Optional.of(new GraphTable.Endpoints(from.name(), to.name(), from.primaryKey().orElseThrow(),
                        to.primaryKey().orElseThrow())),
                Optional.of(ddl));
    }

    /**
     * Copies the whole export. Relationship columns are matched by position, which is why the
     * export is written in the table's order (source, destination, properties as declared).
     */
    String copyAll(Path parquet) {
        return "COPY " + Cypher.identifier(tableName) + " FROM " + Cypher.path(parquet);
    }

    /**
     * Copies one of {@code batches} parts of the export, split by the hash of the key: together
     * the parts are the whole export, each row in exactly one.
     */
    String copyBatch(Path parquet, int batch, int batches) {
        String all = String.join(", ", vars());
        return "COPY " + Cypher.identifier(tableName) + " FROM (" + load(parquet) + " WHERE hash(" + keyVar(0) + ") % "
                + batches + " = " + batch + " RETURN " + all + ")";
    }

    /** Reads the export with each column bound to {@code v<position>}. */
    private String load(Path parquet) {
        List<String> bindings = new ArrayList<>();
        for (int i = 0; i < exportColumns.size(); i++) {
            bindings.add(Cypher.identifier(exportColumns.get(i)) + " AS v" + i);
        }
        return "LOAD FROM " + Cypher.path(parquet) + " WITH " + String.join(", ", bindings);
    }

    private List<String> vars() {
        List<String> vars = new ArrayList<>();
        for (int i = 0; i < exportColumns.size(); i++) {
            vars.add("v" + i);
        }
        return vars;
    }

    private String keyVar(int key) {
        return "v" + exportColumns.indexOf(keyColumns.get(key));
    }

    private String match(String keyVar, String dstVar, String var) {
        if (kind == GraphTableKind.NODE) {
            return "(" + var + ":" + Cypher.identifier(tableName) + " {" + Cypher.identifier(primaryKey.orElseThrow())
                    + ": " + keyVar + "})";
        }
        GraphTable.Endpoints e = endpoints.orElseThrow();
        return "(a:" + Cypher.identifier(e.fromTable()) + " {" + Cypher.identifier(e.fromKey()) + ": " + keyVar + "})-["
                + var + ":" + Cypher.identifier(tableName) + "]->(b:" + Cypher.identifier(e.toTable()) + " {"
                + Cypher.identifier(e.toKey()) + ": " + dstVar + "})";
    }

    /**
     * Writes every row of the table to {@code out}, in the export's columns and names; the
     * columns in {@code asText} as their text (the engine's Parquet writer takes no DECIMAL, and
     * text is exact for it, the 128-bit integers, intervals and UUIDs). The columns in
     * {@code absent} (staged name to graph type), which the graph table does not have yet, are
     * NULL of that type in every row, as staging holds them for rows staged before the column.
     */
    String exportAll(Path out, Set<String> asText, Map<String, String> absent) {
        return "COPY (" + matchAll() + " RETURN " + String.join(", ", returns(asText, absent)) + ") TO " + Cypher.path(out);
    }

    /**
     * Writes the rows of the keys in {@code keys} (a Parquet file of the key columns) to
     * {@code out}, the columns in {@code asText} and {@code absent} as {@link #exportAll} writes
     * them. Ordered: 0.14.3 writes an unreadable file when a LOAD FROM ... MATCH pipeline
     * feeds COPY TO from several threads (seen with relationship tables), and a sort ends in one.
     * {@code anchored} (relationships only, see {@link SourceAnchoring}): the relationships are
     * reached from their source nodes instead of joined with the whole relationship table.
     */
    String exportKeys(Path keys, Path out, Set<String> asText, Map<String, String> absent, boolean anchored) {
        List<String> bindings = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            bindings.add(Cypher.identifier(keyColumns.get(i)) + " AS k" + i);
        }
        String load = "LOAD FROM " + Cypher.path(keys) + " WITH " + String.join(", ", bindings);
        // Inside COPY TO the engine keeps consecutive MATCH clauses apart (its rewriter that
        // merges them runs on plain queries only), which is what makes the last one extend from
        // the sources found; no WITH in between (that would not be rewritten either). The
        // destination is looked up by its key too: filtering the relationships reached by the
        // destination's key fetched that key with a scan of the whole node table (about 1.7x
        // slower, KeyedWriteBenchmark).
        String match = kind == GraphTableKind.RELATIONSHIP && anchored
                ? " WHERE k0 IS NOT NULL MATCH " + sourceNode("k0") + " MATCH " + destinationNode("k1") + " MATCH (a)-[r:"
                        + Cypher.identifier(tableName) + "]->(b)"
                : " MATCH " + match("k0", keyColumns.size() > 1 ? "k1" : null, kind == GraphTableKind.NODE ? "n" : "r");
        return "COPY (" + load + match + " RETURN " + String.join(", ", returns(asText, absent)) + " ORDER BY "
                + String.join(", ", keyVars()) + ") TO " + Cypher.path(out);
    }

    /**
     * 1 when the anchored join of {@code file} (column {@code keyColumns[0]}: sources) goes
     * through at most {@code limit} rows, else 0: for each source, its rows in the file times its
     * relationships. A plain query, with the WITH that keeps the source node apart from the
     * relationship pattern. Compared in the engine: the sum is a 128-bit integer there.
     */
    String anchoredJoinFits(Path file, long limit) {
        return "LOAD FROM " + Cypher.path(file) + " WITH " + Cypher.identifier(keyColumns.get(0))
                + " AS k0, count(*) AS c WHERE k0 IS NOT NULL MATCH " + sourceNode("k0") + " WITH a, k0, c MATCH (a)-[r:"
                + Cypher.identifier(tableName) + "]->() RETURN CASE WHEN coalesce(sum(c), 0) <= " + limit
                + " THEN 1 ELSE 0 END";
    }

    /** The most rows {@code file} holds for one source key (column {@code keyColumns[0]}). */
    String rowsPerSource(Path file) {
        return "LOAD FROM " + Cypher.path(file) + " WITH " + Cypher.identifier(keyColumns.get(0))
                + " AS k0, count(*) AS c RETURN coalesce(max(c), 0)";
    }

    /** The source node bound by its key in {@code var}. */
    private String sourceNode(String var) {
        GraphTable.Endpoints e = endpoints.orElseThrow();
        return "(a:" + Cypher.identifier(e.fromTable()) + " {" + Cypher.identifier(e.fromKey()) + ": " + var + "})";
    }

    /** The destination node bound by its key in {@code var}. */
    private String destinationNode(String var) {
        GraphTable.Endpoints e = endpoints.orElseThrow();
        return "(b:" + Cypher.identifier(e.toTable()) + " {" + Cypher.identifier(e.toKey()) + ": " + var + "})";
    }

    /**
     * The anchored MATCH of a plain query (an update or a removal) whose LOAD FROM bound
     * {@code vars} (source key first, destination key second): the source node, then the
     * destination node, then the relationship between them. Each WITH carries every loaded
     * column: 0.14.3 fails to bind one that drops a LOAD FROM column ("Cannot evaluate
     * expression with type VARIABLE"). The filter before the first MATCH is what lets the
     * engine pass the sources found to the relationship scan (a semi-join mask); without a
     * filter on that side it scans every relationship.
     */
    private String anchoredMatch(List<String> vars) {
        return anchoredEndpoints(vars) + " MATCH (a)-[r:" + Cypher.identifier(tableName) + "]->(b)";
    }

    /** The source node {@code a} and destination node {@code b} of {@link #anchoredMatch}, without the relationship. */
    private String anchoredEndpoints(List<String> vars) {
        String carried = String.join(", ", vars);
        return " WHERE " + vars.get(0) + " IS NOT NULL MATCH " + sourceNode(vars.get(0)) + " WITH a, " + carried
                + " MATCH " + destinationNode(vars.get(1)) + " WITH a, b, " + carried;
    }

    /**
     * Creates a relationship for each row of {@code inserts} (the export's columns) between the
     * nodes its keys name, in one statement; a row whose source or destination the graph does not
     * hold creates nothing. What a sync's transaction uses instead of {@code COPY}: 0.14.3 empties
     * a relationship table, or crashes, when it rolls back a completed {@code COPY} into it, and
     * rolls back created relationships correctly. {@code fromText} as for {@link #update}.
     */
    String createRelationships(Path inserts, Map<String, String> fromText) {
        List<String> keysFirst = new ArrayList<>(List.of(keyVar(0), keyVar(1)));
        vars().stream().filter(v -> !keysFirst.contains(v)).forEach(keysFirst::add);
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < exportColumns.size(); i++) {
            String column = exportColumns.get(i);
            if (!keyColumns.contains(column)) {
                properties.add(Cypher.identifier(column) + ": "
                        + (fromText.containsKey(column) ? "CAST(v" + i + " AS " + fromText.get(column) + ")" : "v" + i));
            }
        }
        return load(inserts) + anchoredEndpoints(keysFirst) + " CREATE (a)-[:" + Cypher.identifier(tableName)
                + (properties.isEmpty() ? "" : " {" + String.join(", ", properties) + "}") + "]->(b)";
    }

    /**
     * Every key {@code table} holds (column {@code key}), to {@code out}. Cheaper than looking up
     * candidates: 0.14.3 joins {@code LOAD FROM ... MATCH} by scanning the whole table anyway and
     * must then sort (see {@link #exportKeys}); 1M keys here take about a tenth of that.
     */
    /** Of the values in {@code candidates} (column {@code key}), those {@code table} holds, to {@code out}. */
    static String presentKeys(Path candidates, String table, String primaryKey, Path out) {
        return "COPY (LOAD FROM " + Cypher.path(candidates) + " WITH key AS k MATCH (n:" + Cypher.identifier(table) + " {"
                + Cypher.identifier(primaryKey) + ": k}) RETURN k AS key ORDER BY key) TO " + Cypher.path(out);
    }

    static String allKeys(String table, String primaryKey, Path out) {
        return "COPY (MATCH (n:" + Cypher.identifier(table) + ") RETURN n." + Cypher.identifier(primaryKey) + " AS key) TO "
                + Cypher.path(out);
    }

    /**
     * Sets the properties of the rows in {@code updates} (the export's columns) from it, in one
     * statement. The columns in {@code fromText} (staged name to graph type) arrive as text and
     * are cast: unlike {@code COPY}, {@code SET} does not parse text into the property's type.
     */
    String update(Path updates, Map<String, String> fromText, boolean anchored) {
        String var = kind == GraphTableKind.NODE ? "n" : "r";
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < exportColumns.size(); i++) {
            String column = exportColumns.get(i);
            if (!keyColumns.contains(column)) {
                String value = fromText.containsKey(column) ? "CAST(v" + i + " AS " + fromText.get(column) + ")" : "v" + i;
                sets.add(var + "." + Cypher.identifier(column) + " = " + value);
            }
        }
        if (kind == GraphTableKind.RELATIONSHIP && anchored) {
            List<String> keysFirst = new ArrayList<>(List.of(keyVar(0), keyVar(1)));
            vars().stream().filter(v -> !keysFirst.contains(v)).forEach(keysFirst::add);
            return load(updates) + anchoredMatch(keysFirst) + " SET " + String.join(", ", sets);
        }
        return load(updates) + " MATCH " + match(keyVar(0), keyColumns.size() > 1 ? keyVar(1) : null, var) + " SET "
                + String.join(", ", sets);
    }

    /** Removes the rows of the keys in {@code removals}; a node takes its relationships along. */
    String remove(Path removals, boolean anchored) {
        List<String> bindings = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            bindings.add(Cypher.identifier(keyColumns.get(i)) + " AS k" + i);
        }
        String load = "LOAD FROM " + Cypher.path(removals) + " WITH " + String.join(", ", bindings);
        if (kind == GraphTableKind.RELATIONSHIP && anchored) {
            return load + anchoredMatch(keyVars()) + " DELETE r";
        }
        String var = kind == GraphTableKind.NODE ? "n" : "r";
        return load + " MATCH " + match("k0", keyColumns.size() > 1 ? "k1" : null, var)
                + (kind == GraphTableKind.NODE ? " DETACH DELETE n" : " DELETE r");
    }

    /** Whether the table has properties besides its keys (else no row can need an update). */
    boolean hasProperties() {
        return exportColumns.size() > keyColumns.size();
    }

    private String matchAll() {
        if (kind == GraphTableKind.NODE) {
            return "MATCH (n:" + Cypher.identifier(tableName) + ")";
        }
        GraphTable.Endpoints e = endpoints.orElseThrow();
        return "MATCH (a:" + Cypher.identifier(e.fromTable()) + ")-[r:" + Cypher.identifier(tableName) + "]->(b:"
                + Cypher.identifier(e.toTable()) + ")";
    }

    /** The export's columns read from the graph, named as staged; an absent one is a typed NULL. */
    private List<String> returns(Set<String> asText, Map<String, String> absent) {
        List<String> returns = new ArrayList<>();
        for (String column : exportColumns) {
            String source;
            if (absent.containsKey(column)) {
                // Typed, so the Parquet column has the type staging compares with (a bare NULL has none).
                source = "CAST(NULL AS " + (asText.contains(column) ? "STRING" : absent.get(column)) + ")";
            } else if (kind == GraphTableKind.RELATIONSHIP && column.equals(keyColumns.get(0))) {
                source = "a." + Cypher.identifier(endpoints.orElseThrow().fromKey());
            } else if (kind == GraphTableKind.RELATIONSHIP && column.equals(keyColumns.get(1))) {
                source = "b." + Cypher.identifier(endpoints.orElseThrow().toKey());
            } else {
                source = (kind == GraphTableKind.NODE ? "n." : "r.") + Cypher.identifier(column);
            }
            returns.add((asText.contains(column) && !absent.containsKey(column) ? "CAST(" + source + " AS STRING)" : source) + " AS "
                    + Cypher.identifier(column));
        }
        return returns;
    }

    private List<String> keyVars() {
        List<String> vars = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            vars.add("k" + i);
        }
        return vars;
    }

    private static void checkSameColumns(TableSchema schema, GraphTable table, List<Column> staged) {
        Map<String, Column> stagedByName = new LinkedHashMap<>();
        staged.forEach(c -> stagedByName.put(c.name().toLowerCase(java.util.Locale.ROOT), c));
        Map<String, Column> graphByName = new LinkedHashMap<>();
        table.properties().forEach(c -> graphByName.put(c.name().toLowerCase(java.util.Locale.ROOT), c));
        List<String> problems = new ArrayList<>();
        List<String> missing = graphByName.keySet().stream().filter(n -> !stagedByName.containsKey(n))
                .map(n -> graphByName.get(n).name()).toList();
        List<String> extra = stagedByName.keySet().stream().filter(n -> !graphByName.containsKey(n))
                .map(n -> stagedByName.get(n).name()).toList();
        if (!missing.isEmpty()) {
            problems.add("missing in the staging table: " + String.join(", ", missing));
        }
        if (!extra.isEmpty()) {
            problems.add("not in the graph table: " + String.join(", ", extra));
        }
        for (var entry : graphByName.entrySet()) {
            Column s = stagedByName.get(entry.getKey());
            if (s != null) {
                String stagedType = LadybugTypes.of(s);
                if (!LadybugTypes.sameType(stagedType, entry.getValue().type())) {
                    problems.add("column " + s.name() + " is " + s.type() + " (" + stagedType + ") but the graph table has "
                            + entry.getValue().type());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Staging table " + schema.table()
                    + " does not match graph table " + table.name() + ": " + String.join("; ", problems));
        }
    }

    private static String stagedName(List<Column> staged, String graphName) {
        return staged.stream().map(Column::name).filter(n -> n.equalsIgnoreCase(graphName)).findFirst().orElseThrow();
    }

    private static void checkEndpoint(String option, Optional<TableName> given, String actual, TableSchema schema) {
        if (given.isPresent() && !given.get().value().equalsIgnoreCase(actual)) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Graph table " + schema.table() + " exists with "
                    + option + " " + actual + ", not " + given.get());
        }
    }

    private static GraphTable endpoint(Connection connection, TableName name, String option) {
        GraphTable table = GraphCatalog.find(connection, name.value()).orElseThrow(() -> new StagingException(
                ErrorCode.INVALID_REQUEST, option + " " + name + " is not a node table of the graph; materialize it first"));
        if (table.kind() != GraphTableKind.NODE) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, option + " " + name + " is a relationship table, not a node table");
        }
        return table;
    }

    private static void checkKeyType(TableSchema schema, String column, GraphTable endpoint) {
        Column staged = schema.columns().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow();
        String key = endpoint.primaryKey().orElseThrow();
        String keyType = endpoint.properties().stream().filter(c -> c.name().equals(key)).map(Column::type)
                .collect(Collectors.joining());
        String stagedType = LadybugTypes.of(staged);
        if (!LadybugTypes.sameType(stagedType, keyType)) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Column " + column + " of " + schema.table() + " is "
                    + staged.type() + " but the key " + key + " of node table " + endpoint.name() + " is " + keyType);
        }
    }

    private static GraphTableKind kindOf(TableSchema schema) {
        return schema.kind() == TableKind.NODE ? GraphTableKind.NODE : GraphTableKind.RELATIONSHIP;
    }

    /** The staged columns that become graph properties: all but {@code file_id} and {@code excluded}. */
    private static List<Column> stagedProperties(TableSchema schema, List<String> excluded) {
        return schema.columns().stream()
                .filter(c -> !c.name().equals(TableKind.FILE_ID) && !excluded.contains(c.name()))
                .toList();
    }
}
