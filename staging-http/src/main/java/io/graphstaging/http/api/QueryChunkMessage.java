package io.graphstaging.http.api;

import java.util.List;

/** One chunk of a streamed result: an NDJSON line, or the data of an SSE {@code chunk} event. */
public record QueryChunkMessage(List<String> columns, List<List<Object>> rows, int chunkIndex, boolean isLastChunk,
                                long rowCount, long totalRowsSent, double executionTimeMs) {}
