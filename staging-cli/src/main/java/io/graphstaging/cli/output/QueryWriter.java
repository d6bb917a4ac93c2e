package io.graphstaging.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.QueryChunk;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an answer in chunks as they are read, in one {@link OutputFormat}. CSV and NDJSON go out
 * chunk by chunk; a table needs its widths, so it waits for the whole answer (bounded by the
 * platform's unstreamed limits); JSON is written as it comes, as one object.
 */
public final class QueryWriter {
    private final OutputFormat format;
    private final PrintWriter out;
    private final ObjectMapper json = JsonValues.mapper();
    private final List<List<Object>> tableRows = new ArrayList<>();
    private List<Column> columns;
    private long rows;

    public QueryWriter(OutputFormat format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    /** One chunk of the answer, in order. */
    public void write(QueryChunk chunk) {
        if (columns == null) {
            columns = chunk.columns();
            start();
        }
        for (List<Object> row : chunk.rows()) {
            row(row);
            rows++;
        }
        out.flush();
    }

    private void start() {
        switch (format) {
            case CSV -> out.println(String.join(",", columns.stream().map(c -> Csv.field(c.name())).toList()));
            case JSON -> {
                List<Map<String, String>> described = columns.stream().map(c -> {
                    Map<String, String> column = new LinkedHashMap<>();
                    column.put("name", c.name());
                    column.put("type", c.type());
                    return column;
                }).toList();
                out.print("{\"columns\":" + text(described) + ",\"rows\":[");
            }
            case TABLE, NDJSON -> { }
        }
    }

    private void row(List<Object> row) {
        switch (format) {
            case CSV -> out.println(String.join(",", row.stream().map(v -> Csv.field(JsonValues.text(v))).toList()));
            case NDJSON -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    object.put(columns.get(i).name(), JsonValues.of(row.get(i)));
                }
                out.println(text(object));
            }
            case JSON -> {
                out.print(rows == 0 ? "" : ",");
                out.print(text(row.stream().map(JsonValues::of).toList()));
            }
            case TABLE -> tableRows.add(row);
        }
    }

    /** Ends the answer; {@code columns} when no chunk came. */
    public void finish(List<Column> noChunkColumns) {
        if (columns == null) {
            columns = noChunkColumns;
            start();
        }
        switch (format) {
            case JSON -> out.println("]}");
            case TABLE -> new TextTable(columns.stream().map(Column::name).toList(),
                    tableRows.stream().map(r -> r.stream().map(JsonValues::text).toList()).toList()).print(out);
            case CSV, NDJSON -> { }
        }
        out.flush();
    }

    public long rows() {
        return rows;
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
