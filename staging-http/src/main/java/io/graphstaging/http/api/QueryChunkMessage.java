package io.graphstaging.http.api;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.graphstaging.http.json.QueryValueSerializer;
import java.util.List;

/**
 * One chunk of a streamed result: an NDJSON line, or the data of an SSE {@code chunk} event;
 * values as {@link QueryValueSerializer} writes them.
 */
public record QueryChunkMessage(List<String> columns,
                                @JsonSerialize(contentUsing = QueryValueSerializer.class) List<List<Object>> rows,
                                int chunkIndex, boolean isLastChunk, long rowCount, long totalRowsSent,
                                double executionTimeMs) {}
