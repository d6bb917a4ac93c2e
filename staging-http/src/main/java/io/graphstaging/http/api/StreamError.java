package io.graphstaging.http.api;

/**
 * The last message of a stream that failed after it began.
 *
 * @param errorType the stable error code, as in error bodies
 */
public record StreamError(String error, String errorType, boolean isLastChunk, long totalRowsSent,
                          double executionTimeMs) {}
