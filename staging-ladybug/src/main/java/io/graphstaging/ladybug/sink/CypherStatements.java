package io.graphstaging.ladybug.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a Cypher text into its statements at the {@code ;} outside string literals, quoted
 * identifiers and comments. The engine's parser stays the judge of what the text is: callers
 * check that it found as many statements.
 */
final class CypherStatements {
    private CypherStatements() {}

    static List<String> split(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(text, i, c);
                current.append(text, i, end);
                i = end;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
                current.append(' ');
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    // The index after the quote closing the one at start; a backslash escapes in strings, a
    // doubled backtick in identifiers.
    private static int closing(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (quote == '`' && i + 1 < text.length() && text.charAt(i + 1) == '`') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
