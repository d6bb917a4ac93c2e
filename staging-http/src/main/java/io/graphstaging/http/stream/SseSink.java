package io.graphstaging.http.stream;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.http.api.StreamError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server-Sent Events: {@code started}, then per chunk a {@code chunk} and a {@code progress}
 * event, then {@code completed} or {@code error}. Each event's data is one line of JSON (JSON
 * escapes newlines, so no data line is ever split).
 */
final class SseSink implements ChunkSink {
    private final ObjectWriter writer;
    private final OutputStream out;

    SseSink(ObjectWriter writer, OutputStream out) {
        this.writer = writer;
        this.out = out;
    }

    @Override
    public String contentType() {
        return QueryFormat.SSE_TYPE;
    }

    @Override
    public void started(QueryChunk first, int chunkSize) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("columns", first.columns().stream().map(Column::name).toList());
        data.put("chunk_size", chunkSize);
        event("started", data, false);
    }

    @Override
    public void chunk(QueryChunk chunk, long totalRowsSent, double elapsedMs) throws IOException {
        event("chunk", QueryStreamer.message(chunk, totalRowsSent, elapsedMs), false);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("chunks_sent", chunk.index() + 1);
        progress.put("total_rows_sent", totalRowsSent);
        progress.put("execution_time_ms", elapsedMs);
        event("progress", progress, true);
    }

    @Override
    public void completed(long totalRowsSent, int chunks, double elapsedMs) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total_rows_sent", totalRowsSent);
        data.put("chunk_count", chunks);
        data.put("execution_time_ms", elapsedMs);
        event("completed", data, true);
    }

    @Override
    public void failed(StagingException error, long totalRowsSent, double elapsedMs) throws IOException {
        event("error", new StreamError(error.getMessage(), error.code().code(), true, totalRowsSent, elapsedMs), true);
    }

    private void event(String name, Object data, boolean flush) throws IOException {
        out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(writer.writeValueAsBytes(data));
        out.write('\n');
        out.write('\n');
        if (flush) {
            out.flush();
        }
    }
}
