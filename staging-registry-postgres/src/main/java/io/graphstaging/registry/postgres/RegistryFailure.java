package io.graphstaging.registry.postgres;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.sql.SQLException;

/**
 * Turns a vendor failure (Jdbi, JDBC, the pool) into the {@code REGISTRY_FAILED} domain error.
 * The message names the action and the database's own reason (SQL state and first line), which
 * PostgreSQL never fills with credentials; the vendor exception stays as the cause for logs.
 */
public final class RegistryFailure {
    private RegistryFailure() {
    }

    public static StagingException of(String action, Exception failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getSQLState() != null) {
                    reason.append("SQL state ").append(sql.getSQLState()).append(": ");
                }
                reason.append(firstLine(sql.getMessage()));
                break;
            }
        }
        if (reason.length() == 0) {
            reason.append(failure.getClass().getSimpleName()).append(": ").append(firstLine(failure.getMessage()));
        }
        return new StagingException(ErrorCode.REGISTRY_FAILED, "The file registry failed while " + action + " (" + reason + ")",
                failure);
    }

    /**
     * Whether the failure is a connection that the server closed or lost (SQL state class 08,
     * or 57P01..57P03: the server shut down or restarted), as opposed to a statement it refused.
     */
    public static boolean isBrokenConnection(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03");
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
