package io.graphstaging.core.model;

import java.util.List;

/**
 * A whole query result. Values are JDK types: String, Long/Integer/BigInteger, Double,
 * BigDecimal, Boolean, java.time types, byte[] or null; nested types as List or Map.
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
