package io.graphstaging.ladybug.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One statement of a Cypher text as the engine's parser sees it, before anything is bound,
 * planned or run: its statement type and what it is made of.
 *
 * @param type  the engine's {@code StatementType}, e.g. {@code QUERY}, {@code CREATE_TABLE},
 *              {@code COPY_TO}; {@code UNKNOWN(n)} for a code this binding does not know
 * @param parts for a query, the engine's {@code ClauseType} of each clause (every part, every
 *              UNION branch; subqueries inside expressions are not listed), e.g. {@code MATCH},
 *              {@code LOAD_FROM}; for {@code CREATE_TABLE}, the kind of table ({@code NODE},
 *              {@code REL}, ...), then {@code AS_QUERY} when the table is filled from a query;
 *              empty otherwise
 */
public record StatementShape(String type, List<String> parts) {
    public StatementShape {
        parts = List.copyOf(parts);
    }

    /**
     * Parses {@code cypher} into its statements (several when separated by {@code ;}).
     *
     * @throws LadybugException with the parser's message when the text is not Cypher
     */
    public static List<StatementShape> parse(String cypher) {
        Objects.requireNonNull(cypher, "cypher");
        List<StatementShape> shapes = new ArrayList<>();
        for (int[] shape : LbugNative.statementShapes(NativeValues.utf8(cypher))) {
            String type = statementType(shape[0]);
            List<String> parts = new ArrayList<>();
            if (type.equals("CREATE_TABLE")) {
                parts.add(tableType(shape[1]));
                if (shape[2] != 0) {
                    parts.add("AS_QUERY");
                }
            } else {
                for (int i = 1; i < shape.length; i++) {
                    parts.add(clauseType(shape[i]));
                }
            }
            shapes.add(new StatementShape(type, parts));
        }
        return shapes;
    }

    // The engine's common/enums/statement_type.h (0.14.3).
    private static String statementType(int code) {
        return switch (code) {
            case 0 -> "QUERY";
            case 1 -> "CREATE_TABLE";
            case 2 -> "DROP";
            case 3 -> "ALTER";
            case 19 -> "COPY_TO";
            case 20 -> "COPY_FROM";
            case 21 -> "STANDALONE_CALL";
            case 22 -> "STANDALONE_CALL_FUNCTION";
            case 23 -> "EXPLAIN";
            case 24 -> "CREATE_MACRO";
            case 30 -> "TRANSACTION";
            case 31 -> "EXTENSION";
            case 32 -> "EXPORT_DATABASE";
            case 33 -> "IMPORT_DATABASE";
            case 34 -> "ATTACH_DATABASE";
            case 35 -> "DETACH_DATABASE";
            case 36 -> "USE_DATABASE";
            case 37 -> "CREATE_SEQUENCE";
            case 39 -> "CREATE_TYPE";
            case 40 -> "EXTENSION_CLAUSE";
            case 41 -> "CREATE_GRAPH";
            case 42 -> "USE_GRAPH";
            default -> "UNKNOWN(" + code + ")";
        };
    }

    // The engine's common/enums/clause_type.h (0.14.3).
    private static String clauseType(int code) {
        return switch (code) {
            case 0 -> "SET";
            case 1 -> "DELETE";
            case 2 -> "INSERT";
            case 3 -> "MERGE";
            case 10 -> "MATCH";
            case 11 -> "UNWIND";
            case 12 -> "IN_QUERY_CALL";
            case 13 -> "TABLE_FUNCTION_CALL";
            case 14 -> "GDS_CALL";
            case 15 -> "LOAD_FROM";
            default -> "UNKNOWN(" + code + ")";
        };
    }

    // The engine's common/enums/table_type.h (0.14.3).
    private static String tableType(int code) {
        return switch (code) {
            case 1 -> "NODE";
            case 2 -> "REL";
            case 5 -> "FOREIGN";
            default -> "UNKNOWN(" + code + ")";
        };
    }
}
