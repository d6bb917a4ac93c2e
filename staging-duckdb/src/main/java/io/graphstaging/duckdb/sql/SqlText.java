package io.graphstaging.duckdb.sql;

/**
 * The one place that turns names and values into SQL text, for the few spots where DuckDB
 * cannot bind a parameter (DDL, COPY targets, table function arguments inside DDL). Names are
 * validated before they get here; quoting is the second fence.
 */
public final class SqlText {
    private SqlText() {}

    /** A quoted identifier: {@code "name"} with embedded quotes doubled. */
    public static String identifier(String name) {
        requireNoNul(name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A quoted string literal: {@code 'value'} with embedded quotes doubled (no backslash escapes in DuckDB). */
    public static String literal(String value) {
        requireNoNul(value);
        return "'" + value.replace("'", "''") + "'";
    }

    private static void requireNoNul(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL text must not contain NUL characters");
        }
    }
}
