package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphColumnTransfer;
import java.util.Locale;

/**
 * The LadybugDB type of a staged column, as {@link GraphColumnTransfer} maps it (the one mapping,
 * which the staging export follows too), and how it compares with a type the graph's catalog
 * reports.
 */
final class LadybugTypes {
    private LadybugTypes() {}

    /**
     * The column's type in the graph's DDL.
     *
     * @throws io.graphstaging.core.error.StagingException {@code SCHEMA_MISMATCH} naming the
     *         column, its type and what to cast it to, when it cannot reach the graph exact
     */
    static String of(Column column) {
        return GraphColumnTransfer.of(column).graphType();
    }

    /**
     * Whether a DDL type and a type from {@code table_info} are the same: the catalog writes
     * struct fields unquoted and puts a space after each comma.
     */
    static boolean sameType(String ddlType, String catalogType) {
        return normalized(ddlType).equals(normalized(catalogType));
    }

    private static String normalized(String type) {
        return type.replace("`", "").replaceAll("\\s*,\\s*", ", ").trim().toUpperCase(Locale.ROOT);
    }
}
