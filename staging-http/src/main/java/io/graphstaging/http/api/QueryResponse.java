package io.graphstaging.http.api;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.graphstaging.http.json.QueryValueSerializer;
import java.util.List;

/** A whole query result as JSON; values as {@link QueryValueSerializer} writes them. */
public record QueryResponse(List<String> columns,
                            @JsonSerialize(contentUsing = QueryValueSerializer.class) List<List<Object>> rows,
                            long rowCount, double executionTimeMs) {}
