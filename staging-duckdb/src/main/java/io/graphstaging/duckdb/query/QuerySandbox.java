package io.graphstaging.duckdb.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides whether user SQL may run, before it is prepared, by allow-list. DuckDB parses the text
 * (without running it) with {@code json_serialize_sql}, which serializes SELECT statements only:
 * anything else (DDL, DML, COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CALL, EXPLAIN ...) is
 * refused, and so is more than one statement — the JDBC driver would run every statement but the
 * last at prepare time. In the parse tree ({@link ParseTree}):
 *
 * <ul>
 *   <li>every function called must be on the list of allowed functions (a resource next to
 *       this class), every table function one of {@link #TABLE_FUNCTIONS};
 *   <li>every table read must be a common table expression in scope or a table or view of the
 *       graph's own {@code main} schema — not the store's hidden schema, not the engine's
 *       catalog views, not a file;
 *   <li>table references are of the kinds a plain query uses ({@link #TABLE_REFERENCES}): no
 *       {@code DESCRIBE}, {@code SUMMARIZE} or {@code SHOW}.
 * </ul>
 *
 * File access is fenced again by the instance's settings ({@code GraphSandbox}), and the
 * statement then runs in a read-only transaction.
 */
final class QuerySandbox {
    /** Table functions a query may call: they make rows from their arguments and read nothing. */
    static final Set<String> TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest", "json_each", "json_tree");
    static final Set<String> TABLE_REFERENCES = Set.of("BASE_TABLE", "TABLE_FUNCTION", "SUBQUERY", "JOIN",
            "EXPRESSION_LIST", "EMPTY", "PIVOT");
    private static final String SERIALIZE = "SELECT json_serialize_sql(?::VARCHAR)";
    /** Every table and view the graph's database knows of, in any schema or catalog. */
    private static final String CATALOG = "SELECT database_name, schema_name, table_name FROM duckdb_tables()"
            + " UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views()";

    /** A name DuckDB would read as a file (a replacement scan) rather than a table. */
    private static final Pattern FILE_LIKE = Pattern.compile("[./\\\\:]");

    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> functions;

    QuerySandbox() {
        this.functions = allowedFunctions();
    }

    /** The allowed scalar, aggregate and window functions, lower case. */
    Set<String> functions() {
        return functions;
    }

    /**
     * @throws StagingException {@code QUERY_FORBIDDEN} naming what is not allowed,
     *         {@code INVALID_SQL} when the text does not parse or reads a table that does not exist
     */
    void check(Connection c, GraphId graph, String sql) {
        ParseTree tree = ParseTree.of(parse(c, sql));
        for (String type : tree.tableReferenceTypes()) {
            if (!TABLE_REFERENCES.contains(type)) {
                throw forbidden("a query may read tables, subqueries and allowed table functions, not "
                        + ParseTree.lower(type).replace('_', ' '));
            }
        }
        for (ParseTree.FunctionCall call : tree.functions()) {
            checkFunction(call);
        }
        Set<ParseTree.TableRead> reads = tree.tables().stream().filter(t -> !t.namesCommonTableExpression())
                .collect(Collectors.toSet());
        if (!reads.isEmpty()) {
            checkTables(c, graph, reads);
        }
    }

    private JsonNode parse(Connection c, String sql) {
        JsonNode tree;
        try (PreparedStatement ps = c.prepareStatement(SERIALIZE)) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tree = json.readTree(rs.getString(1));
            }
        } catch (SQLException e) {
            throw DuckDbErrors.internal("checking a query", e);
        } catch (JsonProcessingException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "DuckDB described a query in a form the sandbox cannot read",
                    e);
        }
        if (tree.path("error").asBoolean()) {
            String message = tree.path("error_message").asText();
            if (tree.path("error_type").asText().equalsIgnoreCase("not implemented")
                    && message.startsWith("Only SELECT statements")) {
                throw forbidden("only read-only SELECT statements may run");
            }
            throw new StagingException(ErrorCode.INVALID_SQL, "The query is not valid SQL: " + message);
        }
        int statements = tree.path("statements").size();
        if (statements != 1) {
            throw forbidden("exactly one statement may run, found " + statements);
        }
        return tree;
    }

    private void checkFunction(ParseTree.FunctionCall call) {
        String name = ParseTree.lower(call.name());
        if (!call.catalog().isEmpty() || !(call.schema().isEmpty() || call.schema().equalsIgnoreCase("main"))) {
            throw forbidden("functions are called by their plain name, not " + qualified(call.catalog(), call.schema(),
                    call.name()));
        }
        if (call.tableFunction() ? !TABLE_FUNCTIONS.contains(name) : !functions.contains(name)) {
            throw forbidden((call.tableFunction() ? "the table function " : "the function ") + call.name()
                    + " is not one a query may call");
        }
    }

    /** Reads must name the graph's own tables or views; anything else the engine knows of is forbidden. */
    private static void checkTables(Connection c, GraphId graph, Set<ParseTree.TableRead> reads) {
        Set<String> own = new HashSet<>();
        Set<String> other = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(CATALOG); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = ParseTree.lower(rs.getString(3));
                boolean mine = rs.getString(1).equals(graph.value()) && rs.getString(2).equals("main");
                (mine ? own : other).add(name);
            }
        } catch (SQLException e) {
            throw DuckDbErrors.internal("checking the tables a query reads", e);
        }
        for (ParseTree.TableRead read : reads) {
            String name = ParseTree.lower(read.name());
            boolean ownSchema = read.catalog().isEmpty()
                    ? read.schema().isEmpty() || read.schema().equals("main") || read.schema().equals(graph.value())
                    : read.catalog().equals(graph.value()) && read.schema().equals("main");
            if (ownSchema && own.contains(name)) {
                continue;
            }
            if (FILE_LIKE.matcher(name).find()) {
                throw forbidden("a query may read the graph's tables, not files");
            }
            if (!ownSchema || other.contains(name)) {
                throw forbidden("a query may read the graph's tables only, not " + qualified(read.catalog(),
                        read.schema(), read.name()));
            }
            throw new StagingException(ErrorCode.INVALID_SQL, "The query failed: table " + read.name()
                    + " does not exist in graph " + graph);
        }
    }

    private static String qualified(String catalog, String schema, String name) {
        StringBuilder out = new StringBuilder();
        for (String part : new String[] {catalog, schema}) {
            if (!part.isEmpty()) {
                out.append(part).append('.');
            }
        }
        return out.append(name).toString();
    }

    static StagingException forbidden(String why) {
        return new StagingException(ErrorCode.QUERY_FORBIDDEN, "Query refused: " + why);
    }

    private static Set<String> allowedFunctions() {
        try (InputStream in = QuerySandbox.class.getResourceAsStream("allowed-functions.txt")) {
            if (in == null) {
                throw new IllegalStateException("allowed-functions.txt is missing from the DuckDB adapter");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(ParseTree::lower).collect(Collectors.toUnmodifiableSet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
