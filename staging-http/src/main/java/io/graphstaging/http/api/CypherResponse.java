package io.graphstaging.http.api;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.graphstaging.http.json.QueryValueSerializer;
import java.util.List;
import java.util.Map;

/** A whole Cypher result, one object per row keyed by column, as the original graph API answers. */
public record CypherResponse(@JsonSerialize(contentUsing = QueryValueSerializer.class) List<Map<String, Object>> data,
                             List<String> columns, long rowCount, double executionTimeMs, String database) {}
