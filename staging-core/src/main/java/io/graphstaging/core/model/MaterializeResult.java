package io.graphstaging.core.model;

/**
 * The outcome of a materialize: rows in = {@code rowsIngested + rowsRejected}.
 *
 * @param skipped the staging table did not exist; nothing was done
 */
public record MaterializeResult(GraphId graph, TableName table, boolean skipped, long rowsIngested,
                                long rowsRejected) {
    public static MaterializeResult skipped(GraphId graph, TableName table) {
        return new MaterializeResult(graph, table, true, 0, 0);
    }
}
