package io.graphstaging.ladybug.sink;

import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.LadybugException;

/** The end of a manual {@code BEGIN TRANSACTION} that failed, shared by the sink's writes and its rebuild swap. */
final class EngineTransactions {
    private EngineTransactions() {}

    /**
     * Rolls back after {@code cause}; a rollback that fails for another reason than "nothing to
     * roll back" is attached to {@code cause}, which the caller throws.
     */
    static void rollback(Connection connection, RuntimeException cause) {
        try {
            connection.execute("ROLLBACK");
        } catch (LadybugException e) {
            // An interrupted statement has rolled the transaction back already.
            if (!e.getMessage().contains("No active transaction")) {
                cause.addSuppressed(e);
            }
        }
    }
}
