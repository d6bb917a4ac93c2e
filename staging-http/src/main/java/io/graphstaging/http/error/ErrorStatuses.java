package io.graphstaging.http.error;

import io.graphstaging.core.error.ErrorCode;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one table from domain error codes to HTTP statuses (the HTTP API's "Errors" table). Every code
 * has an entry: {@link #status} fails loudly for a code added without one, and a test walks
 * all codes.
 */
public final class ErrorStatuses {
    private static final Map<ErrorCode, Integer> STATUS = table();

    private ErrorStatuses() {}

    public static int status(ErrorCode code) {
        Integer status = STATUS.get(code);
        if (status == null) {
            throw new IllegalStateException("No HTTP status mapped for error code " + code);
        }
        return status;
    }

    private static Map<ErrorCode, Integer> table() {
        Map<ErrorCode, Integer> t = new EnumMap<>(ErrorCode.class);
        t.put(ErrorCode.INVALID_GRAPH_ID, 400);
        t.put(ErrorCode.INVALID_TABLE_NAME, 400);
        t.put(ErrorCode.INVALID_FILE_ID, 400);
        t.put(ErrorCode.INVALID_OBJECT_URI, 400);
        t.put(ErrorCode.INVALID_PATTERN, 400);
        t.put(ErrorCode.INVALID_PARAMETER, 400);
        t.put(ErrorCode.INVALID_REQUEST, 400);
        t.put(ErrorCode.INVALID_SQL, 400);
        t.put(ErrorCode.INVALID_CYPHER, 400);
        t.put(ErrorCode.INVALID_SCHEMA, 400);
        t.put(ErrorCode.NO_FILE_ID_COLUMN, 400);
        t.put(ErrorCode.NO_COMPLETED_FILES, 400);
        t.put(ErrorCode.UNREADABLE_FILE, 422);
        t.put(ErrorCode.SCHEMA_MISMATCH, 422);
        t.put(ErrorCode.GRAPH_REJECTED_ROWS, 422);
        t.put(ErrorCode.PAYLOAD_TOO_LARGE, 413);
        t.put(ErrorCode.RESULT_TOO_LARGE, 400);
        t.put(ErrorCode.METHOD_NOT_ALLOWED, 405);
        t.put(ErrorCode.TABLE_NOT_FOUND, 404);
        t.put(ErrorCode.GRAPH_NOT_FOUND, 404);
        t.put(ErrorCode.OBJECT_NOT_FOUND, 404);
        t.put(ErrorCode.REGISTRY_TABLE_NOT_FOUND, 404);
        t.put(ErrorCode.TASK_NOT_FOUND, 404);
        t.put(ErrorCode.FILE_NOT_FOUND, 404);
        t.put(ErrorCode.QUERY_FORBIDDEN, 403);
        t.put(ErrorCode.UNAUTHORIZED, 401);
        t.put(ErrorCode.TOO_MANY_AUTH_FAILURES, 429);
        t.put(ErrorCode.TABLE_BUSY, 409);
        t.put(ErrorCode.TABLE_IN_USE, 409);
        t.put(ErrorCode.REGISTRY_FILE_EXISTS, 409);
        t.put(ErrorCode.GRAPH_OWNED_ELSEWHERE, 409);
        t.put(ErrorCode.OBJECT_STORE_FAILED, 502);
        t.put(ErrorCode.OBJECT_STORE_ACCESS_DENIED, 502);
        t.put(ErrorCode.REGISTRY_FAILED, 502);
        t.put(ErrorCode.FORWARD_FAILED, 502);
        t.put(ErrorCode.SNAPSHOT_FAILED, 502);
        t.put(ErrorCode.SNAPSHOT_CORRUPT, 502);
        t.put(ErrorCode.POOL_EXHAUSTED, 503);
        t.put(ErrorCode.SHUTTING_DOWN, 503);
        t.put(ErrorCode.TOO_MANY_WAITING_CALLS, 503);
        t.put(ErrorCode.MEMORY_BUDGET_EXHAUSTED, 503);
        t.put(ErrorCode.CANCELLED, 503);
        t.put(ErrorCode.TASK_QUEUE_FULL, 429);
        t.put(ErrorCode.INTERRUPTED, 503);
        t.put(ErrorCode.LEASE_LOST, 503);
        t.put(ErrorCode.QUERY_TIMEOUT, 504);
        t.put(ErrorCode.STORAGE_FULL, 507);
        t.put(ErrorCode.STAGING_FAILED, 500);
        t.put(ErrorCode.GRAPH_FAILED, 500);
        t.put(ErrorCode.INTERNAL, 500);
        return t;
    }
}
