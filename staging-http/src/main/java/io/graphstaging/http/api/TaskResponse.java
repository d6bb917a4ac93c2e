package io.graphstaging.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.http.error.ErrorBody;

/**
 * A task as {@code /tasks} shows it (the original graph API's task shape, plus {@code progress}).
 * Times are ISO 8601; {@code result} is the synchronous answer, once completed; {@code error}
 * the error a synchronous call would have answered with, once failed.
 */
public record TaskResponse(String taskId, String taskType, String graphId, String tableName, String status,
                           String createdAt, String startedAt, String completedAt, int progressPercent,
                           Progress progress, JsonNode result, ErrorBody error, boolean cancelRequested) {

    /** How far the current phase has gone; {@code total} null while unknown. */
    public record Progress(String phase, long done, Long total, String unit) {}
}
