package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.LadybugException;
import io.graphstaging.ladybug.binding.PreparedStatement;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.ladybug.binding.StatementShape;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets only pure reads of the graph's own tables through, judged by the engine, in three steps
 * before anything runs:
 *
 * <ol>
 *   <li>The engine's parser (nothing bound, no file touched): exactly one statement, of type
 *       {@code QUERY}, whose clauses are only {@code MATCH} and {@code UNWIND}. This refuses DDL,
 *       COPY, EXPORT/IMPORT DATABASE, ATTACH/USE, extensions, transactions, standalone CALL,
 *       LOAD FROM and CALL of table functions before the engine binds them (binding LOAD FROM
 *       would already open the file).
 *   <li>The engine's prepare: the statement must be read-only by its own analysis (no CREATE,
 *       MERGE, SET, DELETE, no writing function such as {@code nextval}, also in subqueries).
 *   <li>The engine's plan ({@code EXPLAIN}): every operator must be one of the reading operators
 *       allowed here, and no hidden table ({@code $...}, the sink's own) may be read, whether
 *       named or reached by an unlabelled pattern.
 * </ol>
 *
 * <p>The sink keeps its records in the engine's internal catalog ({@link SinkRecords}), which a
 * query sees only with {@code enable_internal_catalog} on: it is turned off before every query,
 * so {@code MATCH (n)} reaches the user's tables only. The plan check stays for a database whose
 * records are still in a visible table (written before they moved, not yet touched since).
 */
final class CypherSandbox {
    /** Clause types a read may have. */
    private static final Set<String> READING_CLAUSES = Set.of("MATCH", "UNWIND");
    /** Physical operators of reads (the engine's PhysicalOperatorType names, 0.14.3). */
    private static final Set<String> READING_OPERATORS = Set.of(
            "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "COUNT_REL_TABLE", "CROSS_PRODUCT", "DUMMY_SINK",
            "DUMMY_SIMPLE_SINK", "EMPTY_RESULT", "FILTER", "FLATTEN", "HASH_JOIN_BUILD", "HASH_JOIN_PROBE",
            "INTERSECT_BUILD", "INTERSECT", "LIMIT", "MULTIPLICITY_REDUCER", "PATH_PROPERTY_PROBE",
            "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION", "RECURSIVE_EXTEND", "RESULT_COLLECTOR", "SCAN_NODE_TABLE",
            "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TOP_K", "TOP_K_SCAN", "ORDER_BY", "ORDER_BY_MERGE",
            "ORDER_BY_SCAN", "UNION_ALL_SCAN", "UNWIND", "TABLE_FUNCTION_CALL");
    /**
     * Table functions a read's plan may call: the engine reads its own intermediate results with
     * READ_FTABLE (e.g. for UNWIND or RETURN without MATCH). Any other (files, the catalog) is refused.
     */
    private static final Set<String> READING_FUNCTIONS = Set.of("READ_FTABLE");
    private static final String FUNCTION_CELL = "Function: ";
    /** An operator's title in the plan: its name and its index, e.g. {@code SCAN_NODE_TABLE[0]}. */
    private static final Pattern OPERATOR = Pattern.compile("^([A-Z_]+)\\[\\d+]$");
    private static final String HIDDEN_PREFIX = "$";

    private CypherSandbox() {}

    /**
     * The statement, prepared on {@code connection} and checked; the caller closes it.
     *
     * @throws StagingException {@code QUERY_FORBIDDEN} naming what is not allowed,
     *         {@code INVALID_CYPHER} with the engine's message for Cypher it rejects
     */
    static PreparedStatement prepare(Connection connection, String cypher, Map<String, Object> parameters) {
        checkShape(cypher);
        // The sink turns the internal catalog off after each use; made sure here, where a user
        // query would otherwise see the sink's own tables.
        SinkRecords.hideInternalTables(connection);
        PreparedStatement statement = prepareOrReject(connection, cypher);
        try {
            if (!statement.isReadOnly()) {
                throw forbidden("The query writes to the graph; only reads are allowed here (the graph is written"
                        + " by materialize)");
            }
            checkPlan(plan(connection, cypher, parameters), hiddenTables(connection));
            return statement;
        } catch (RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static void checkShape(String cypher) {
        List<StatementShape> statements;
        try {
            statements = StatementShape.parse(cypher);
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.INVALID_CYPHER, "The graph engine rejected the Cypher: " + e.getMessage());
        }
        if (statements.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_CYPHER, "The Cypher holds no statement");
        }
        if (statements.size() > 1) {
            throw forbidden("The Cypher holds " + statements.size() + " statements; one query at a time is allowed");
        }
        StatementShape statement = statements.get(0);
        if (!statement.type().equals("QUERY")) {
            throw forbidden(statement.type() + " statements are not allowed; only read queries (MATCH ... RETURN) run here");
        }
        for (String clause : statement.parts()) {
            if (!READING_CLAUSES.contains(clause)) {
                throw forbidden(describeClause(clause) + " is not allowed; only MATCH, OPTIONAL MATCH, UNWIND, WITH"
                        + " and RETURN run here");
            }
        }
    }

    private static String describeClause(String clause) {
        return switch (clause) {
            case "LOAD_FROM" -> "LOAD FROM (file access)";
            case "IN_QUERY_CALL", "TABLE_FUNCTION_CALL" -> "CALL of a table function";
            case "GDS_CALL" -> "CALL of a graph algorithm";
            case "INSERT" -> "CREATE";
            default -> clause.replace('_', ' ');
        };
    }

    private static PreparedStatement prepareOrReject(Connection connection, String cypher) {
        try {
            return connection.prepare(cypher);
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.INVALID_CYPHER, "The graph engine rejected the Cypher: " + e.getMessage());
        }
    }

    private static String plan(Connection connection, String cypher, Map<String, Object> parameters) {
        // One statement (checked above), so prefixing EXPLAIN cannot reach a second one.
        try (PreparedStatement explain = connection.prepare("EXPLAIN " + cypher);
             QueryResult result = explain.execute(parameters)) {
            StringBuilder plan = new StringBuilder();
            for (Row row : result.rows()) {
                plan.append(row.getString(0)).append('\n');
            }
            return plan.toString();
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.INVALID_CYPHER, "The graph engine rejected the Cypher: " + e.getMessage());
        }
    }

    /** The plan's operators and hidden tables; package-private for tests on real plans. */
    static void checkPlan(String plan, Set<String> hiddenTables) {
        Set<String> refused = new TreeSet<>();
        for (String line : plan.split("\n")) {
            for (String cell : line.split("│")) {
                String text = cell.strip();
                Matcher operator = OPERATOR.matcher(text);
                if (operator.matches() && !READING_OPERATORS.contains(operator.group(1))) {
                    refused.add(operator.group(1));
                }
                if (text.startsWith(FUNCTION_CELL) && !READING_FUNCTIONS.contains(text.substring(FUNCTION_CELL.length()))) {
                    refused.add("table function " + text.substring(FUNCTION_CELL.length()));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw forbidden("The query's plan has operators that do more than read the graph: " + String.join(", ", refused));
        }
        String lowerPlan = plan.toLowerCase(Locale.ROOT);
        for (String hidden : hiddenTables) {
            if (lowerPlan.contains(hidden.toLowerCase(Locale.ROOT))) {
                throw forbidden("The query reads the server's internal table " + hidden + "; name the labels of the"
                        + " tables to read (an unlabelled pattern such as (n) reaches every table)");
            }
        }
    }

    /** Tables the sink keeps for itself ({@code $...}). */
    static Set<String> hiddenTables(Connection connection) {
        Set<String> hidden = new TreeSet<>();
        try (QueryResult result = connection.query("CALL show_tables() RETURN name")) {
            for (Row row : result.rows()) {
                if (row.getString(0).startsWith(HIDDEN_PREFIX)) {
                    hidden.add(row.getString(0));
                }
            }
        }
        return hidden;
    }

    private static StagingException forbidden(String message) {
        return new StagingException(ErrorCode.QUERY_FORBIDDEN, message);
    }
}
