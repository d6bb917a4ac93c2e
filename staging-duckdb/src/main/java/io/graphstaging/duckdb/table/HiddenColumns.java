package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableShape;
import java.util.List;

/**
 * The bookkeeping columns of a hidden per-file table: a row's file sequence number (later files
 * higher), its ordinal in the file, and whether it is the visible row of its key. Source files
 * may not use their prefix.
 */
final class HiddenColumns {
    static final String INTERNAL_PREFIX = "__gs_";
    static final String SEQ = "__gs_seq";
    static final String ROW = "__gs_row";
    static final String LIVE = "__gs_live";

    private HiddenColumns() {}

    /** Refuses a file with a column that uses the reserved prefix. */
    static void refuseReserved(SourceFile file, List<Column> source) {
        for (Column column : source) {
            if (column.name().startsWith(INTERNAL_PREFIX)) {
                throw TableShape.mismatch(file, "column '" + column.name() + "' uses the reserved prefix " + INTERNAL_PREFIX);
            }
        }
    }
}
