package io.graphstaging.duckdb.query;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import io.graphstaging.duckdb.sql.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether user SQL may run, before it is prepared. The text is parsed (not run) by
 * DuckDB's {@code json_serialize_sql}, which serializes SELECT statements only: anything else
 * (DDL, DML, COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CALL, EXPLAIN ...) is refused, and so is
 * more than one statement — this matters because the JDBC driver runs every statement but the
 * last at prepare time. The parse tree must not name the store's hidden schema nor call the
 * table functions that run SQL from a string. File access is fenced by the instance settings
 * (the graph's own directories only), and the statement then runs in a read-only transaction.
 */
final class QuerySandbox {
    private static final Set<String> SQL_RUNNING_FUNCTIONS = Set.of("query", "query_table");
    private static final Pattern NAMED_STRING = Pattern.compile(
            "\"(schema_name|catalog_name|schema|catalog|function_name)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private QuerySandbox() {}

    static void check(Connection c, String sql) {
        String tree;
        try (PreparedStatement ps = c.prepareStatement("SELECT j->>'error', j->>'error_type', j->>'error_message',"
                + " json_array_length(j->'statements'), j::VARCHAR FROM (SELECT json_serialize_sql(?::VARCHAR)::JSON AS j)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if ("true".equals(rs.getString(1))) {
                    String type = String.valueOf(rs.getString(2));
                    if (type.equalsIgnoreCase("not implemented")) {
                        throw forbidden("only read-only SELECT statements may run");
                    }
                    throw new StagingException(ErrorCode.INVALID_SQL, "The query is not valid SQL: " + rs.getString(3));
                }
                if (rs.getLong(4) != 1) {
                    throw forbidden("exactly one statement may run, found " + rs.getLong(4));
                }
                tree = rs.getString(5);
            }
        } catch (SQLException e) {
            throw DuckDbErrors.internal("checking a query", e);
        }
        Matcher named = NAMED_STRING.matcher(tree);
        while (named.find()) {
            String key = named.group(1);
            String value = unescape(named.group(2)).toLowerCase(Locale.ROOT);
            if (!key.equals("function_name") && value.equals(StagingSchema.NAME)) {
                throw forbidden("the store's internal schema is not queryable");
            }
            if (key.equals("function_name") && SQL_RUNNING_FUNCTIONS.contains(value)) {
                throw forbidden("functions that run SQL from a string are not allowed");
            }
        }
    }

    private static String unescape(String json) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char ch = json.charAt(i);
            if (ch == '\\' && i + 1 < json.length()) {
                char next = json.charAt(++i);
                if (next == 'u' && i + 4 < json.length()) {
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        default -> next;
                    });
                }
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    static StagingException forbidden(String why) {
        return new StagingException(ErrorCode.QUERY_FORBIDDEN, "Query refused: " + why);
    }
}
