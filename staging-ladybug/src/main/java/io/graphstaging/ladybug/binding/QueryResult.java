package io.graphstaging.ladybug.binding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The rows of one query, read forward once; a closed result refuses use. */
public final class QueryResult implements AutoCloseable {
    private final Connection connection;
    private final ChildHandle handle;
    private List<String> columnNames;

    QueryResult(Connection connection, long handle) {
        this.connection = connection;
        this.handle = new ChildHandle(connection, "Query result", handle, LbugNative::closeResult);
    }

    public List<String> columnNames() {
        synchronized (connection) {
            if (columnNames == null) {
                columnNames = strings(LbugNative.columnNames(handle.live()));
            }
            return columnNames;
        }
    }

    /** The engine's type names, e.g. {@code INT64}, {@code DECIMAL(18, 4)}, {@code STRING[]}. */
    public List<String> columnTypes() {
        synchronized (connection) {
            return strings(LbugNative.columnTypes(handle.live()));
        }
    }

    /** Each column's name and engine type, in order. */
    public List<ResultColumn> columns() {
        synchronized (connection) {
            List<String> names = columnNames();
            List<String> types = columnTypes();
            List<ResultColumn> columns = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                columns.add(new ResultColumn(names.get(i), types.get(i)));
            }
            return List.copyOf(columns);
        }
    }

    public long rowCount() {
        synchronized (connection) {
            return LbugNative.rowCount(handle.live());
        }
    }

    public boolean hasNext() {
        synchronized (connection) {
            return LbugNative.hasNext(handle.live());
        }
    }

    public Row next() {
        synchronized (connection) {
            return new Row(columnNames(), Arrays.asList(LbugNative.next(handle.live())));
        }
    }

    /** The remaining rows. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        while (hasNext()) {
            rows.add(next());
        }
        return rows;
    }

    private static List<String> strings(byte[][] utf8) {
        return Arrays.stream(utf8).map(NativeValues::string).toList();
    }

    @Override
    public void close() {
        handle.close(this);
    }
}
