package io.graphstaging.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A staged column's type, parsed from the text the staging engine gives it ({@link Column#type()}):
 * {@code DECIMAL(18,2)}, {@code INTEGER[]}, {@code INTEGER[3]}, {@code STRUCT(a INTEGER, "b c" VARCHAR)},
 * {@code MAP(VARCHAR, INTEGER)}.
 */
public sealed interface StagedType {

    /** A type by name with its arguments as written, e.g. {@code DECIMAL} with {@code 18} and {@code 2}. */
    record Named(String name, List<String> arguments) implements StagedType {}

    /** A list ({@code size} empty) or fixed-size array of an element type. */
    record ListOf(StagedType element, OptionalInt size) implements StagedType {}

    /** A struct's fields, in order. */
    record Struct(List<Field> fields) implements StagedType {}

    record Field(String name, StagedType type) {}

    static StagedType parse(String text) {
        String t = text.trim();
        if (t.endsWith("]")) {
            int open = openingBracket(t);
            String size = t.substring(open + 1, t.length() - 1).trim();
            return new ListOf(parse(t.substring(0, open)),
                    size.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(size)));
        }
        int paren = t.indexOf('(');
        if (paren < 0 || !t.endsWith(")")) {
            return new Named(t.toUpperCase(Locale.ROOT).replaceAll("\\s+", " "), List.of());
        }
        String name = t.substring(0, paren).trim().toUpperCase(Locale.ROOT);
        List<String> arguments = splitTopLevel(t.substring(paren + 1, t.length() - 1));
        if (!name.equals("STRUCT")) {
            return new Named(name, arguments);
        }
        List<Field> fields = new ArrayList<>();
        for (String argument : arguments) {
            String field = argument.trim();
            int end;
            String fieldName;
            if (field.startsWith("\"")) {
                end = field.indexOf('"', 1);
                while (end + 1 < field.length() && field.charAt(end + 1) == '"') {
                    end = field.indexOf('"', end + 2);
                }
                fieldName = field.substring(1, end).replace("\"\"", "\"");
                end++;
            } else {
                end = field.indexOf(' ');
                fieldName = field.substring(0, end);
            }
            fields.add(new Field(fieldName, parse(field.substring(end))));
        }
        return new Struct(fields);
    }

    /** The {@code [} that opens the last bracket pair, outside parentheses and quotes. */
    private static int openingBracket(String t) {
        int depth = 0;
        for (int i = t.length() - 1; i >= 0; i--) {
            char c = t.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth--;
            } else if (c == '[' && depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced type text: " + t);
    }

    /** Splits at commas outside parentheses, brackets and double or single quotes. */
    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(s.substring(start).trim());
        return parts;
    }
}
