package io.graphstaging.core.error;

import java.util.Locale;

/**
 * Stable, machine-readable error codes. The {@link #code()} string is part of the public
 * contract (it is the {@code code} field of every HTTP error body): never rename one.
 */
public enum ErrorCode {
    INVALID_GRAPH_ID(ErrorCategory.USER),
    INVALID_TABLE_NAME(ErrorCategory.USER),
    INVALID_FILE_ID(ErrorCategory.USER),
    INVALID_OBJECT_URI(ErrorCategory.USER),
    INVALID_PATTERN(ErrorCategory.USER),
    INVALID_PARAMETER(ErrorCategory.USER),
    INVALID_REQUEST(ErrorCategory.USER),
    INVALID_SQL(ErrorCategory.USER),
    /** Cypher the graph engine rejects (syntax, unknown label or property, wrong types). */
    INVALID_CYPHER(ErrorCategory.USER),
    /** DDL that is not only CREATE NODE TABLE / CREATE REL TABLE statements. */
    INVALID_SCHEMA(ErrorCategory.USER),
    /** A delete by file id on a table that carries no {@code file_id} column. */
    NO_FILE_ID_COLUMN(ErrorCategory.USER),
    /** A registry table has no file whose upload is completed. */
    NO_COMPLETED_FILES(ErrorCategory.USER),
    /** A source file is not readable Parquet. */
    UNREADABLE_FILE(ErrorCategory.USER),
    /** A source file's columns or types do not fit the table, or its key column has NULLs. */
    SCHEMA_MISMATCH(ErrorCategory.USER),
    /** The graph rejected rows and errors were not to be ignored. */
    GRAPH_REJECTED_ROWS(ErrorCategory.USER),
    /** The body of a request is larger than the limit. */
    PAYLOAD_TOO_LARGE(ErrorCategory.USER),
    /** An unstreamed answer would be larger than its limit; stream it instead. */
    RESULT_TOO_LARGE(ErrorCategory.USER),
    /** The route exists, not with this method. */
    METHOD_NOT_ALLOWED(ErrorCategory.USER),

    TABLE_NOT_FOUND(ErrorCategory.NOT_FOUND),
    GRAPH_NOT_FOUND(ErrorCategory.NOT_FOUND),
    OBJECT_NOT_FOUND(ErrorCategory.NOT_FOUND),
    REGISTRY_TABLE_NOT_FOUND(ErrorCategory.NOT_FOUND),
    TASK_NOT_FOUND(ErrorCategory.NOT_FOUND),
    /** File ids a materialize named that no staged file of the table carries; the message names them all. */
    FILE_NOT_FOUND(ErrorCategory.NOT_FOUND),

    /** User SQL tried to leave its graph's sandbox. */
    QUERY_FORBIDDEN(ErrorCategory.FORBIDDEN),
    UNAUTHORIZED(ErrorCategory.FORBIDDEN),
    TOO_MANY_AUTH_FAILURES(ErrorCategory.FORBIDDEN),

    TABLE_BUSY(ErrorCategory.CONFLICT),
    /** A node table relationship tables point at cannot be emptied or dropped without cascade. */
    TABLE_IN_USE(ErrorCategory.CONFLICT),
    /** The object is already registered for that table; the message names the existing file id. */
    REGISTRY_FILE_EXISTS(ErrorCategory.CONFLICT),
    /** Another live node holds the graph's write lease (a cluster); the message names the node. */
    GRAPH_OWNED_ELSEWHERE(ErrorCategory.CONFLICT),

    OBJECT_STORE_FAILED(ErrorCategory.EXTERNAL),
    OBJECT_STORE_ACCESS_DENIED(ErrorCategory.EXTERNAL),
    REGISTRY_FAILED(ErrorCategory.EXTERNAL),
    /** A request sent on to the graph's node through the proxy (a cluster) got no answer. */
    FORWARD_FAILED(ErrorCategory.EXTERNAL),
    /** A graph snapshot could not be written to or read from the object store. */
    SNAPSHOT_FAILED(ErrorCategory.EXTERNAL),
    /** A graph snapshot's file does not match its recorded SHA-256: it is not restored. */
    SNAPSHOT_CORRUPT(ErrorCategory.EXTERNAL),

    POOL_EXHAUSTED(ErrorCategory.UNAVAILABLE),
    SHUTTING_DOWN(ErrorCategory.UNAVAILABLE),
    /** Too many calls already wait on the graph; the call was refused without waiting. */
    TOO_MANY_WAITING_CALLS(ErrorCategory.UNAVAILABLE),
    /** Opening a graph would exceed the server's memory budget, and none was freed in time. */
    MEMORY_BUDGET_EXHAUSTED(ErrorCategory.UNAVAILABLE),
    /** A query ran past its time limit and was interrupted. */
    QUERY_TIMEOUT(ErrorCategory.UNAVAILABLE),
    /** A disk is full; the message names the directory, and nothing was half written. */
    STORAGE_FULL(ErrorCategory.UNAVAILABLE),
    /** The work was cancelled (its client went away, its task was cancelled, the server stops). */
    CANCELLED(ErrorCategory.UNAVAILABLE),
    /** A graph already has as many queued tasks as it may; retry once some have run. */
    TASK_QUEUE_FULL(ErrorCategory.UNAVAILABLE),
    /** A task's owner stopped renewing its lease (its process ended) before the task finished. */
    INTERRUPTED(ErrorCategory.UNAVAILABLE),
    /** This node lost a graph's write lease (a cluster) while writing it: the write was stopped. */
    LEASE_LOST(ErrorCategory.UNAVAILABLE),

    STAGING_FAILED(ErrorCategory.INTERNAL),
    GRAPH_FAILED(ErrorCategory.INTERNAL),
    INTERNAL(ErrorCategory.INTERNAL);

    private final ErrorCategory category;

    ErrorCode(ErrorCategory category) {
        this.category = category;
    }

    public ErrorCategory category() {
        return category;
    }

    /** The wire form, e.g. {@code invalid_table_name}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
