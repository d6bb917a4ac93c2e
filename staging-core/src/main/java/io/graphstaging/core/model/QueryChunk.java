package io.graphstaging.core.model;

import java.util.List;

/**
 * One chunk of a streamed result.
 *
 * @param index   0-based chunk number
 * @param last    whether no chunk follows
 */
public record QueryChunk(List<Column> columns, List<List<Object>> rows, int index, boolean last) {
    public QueryChunk {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
