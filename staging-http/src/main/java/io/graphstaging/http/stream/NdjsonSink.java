package io.graphstaging.http.stream;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.http.api.QueryChunkMessage;
import io.graphstaging.http.api.StreamError;
import java.io.IOException;
import java.io.OutputStream;

/** One JSON object per line: a {@link QueryChunkMessage} per chunk, or a last {@link StreamError}. */
final class NdjsonSink implements ChunkSink {
    private final ObjectWriter writer;
    private final OutputStream out;

    NdjsonSink(ObjectWriter writer, OutputStream out) {
        this.writer = writer;
        this.out = out;
    }

    @Override
    public String contentType() {
        return QueryFormat.NDJSON_TYPE;
    }

    @Override
    public void started(QueryChunk first, int chunkSize) {
        // NDJSON has no start message: the first line is the first chunk.
    }

    @Override
    public void chunk(QueryChunk chunk, long totalRowsSent, double elapsedMs) throws IOException {
        line(QueryStreamer.message(chunk, totalRowsSent, elapsedMs));
    }

    @Override
    public void completed(long totalRowsSent, int chunks, double elapsedMs) {
        // The last chunk says is_last_chunk: nothing more to write.
    }

    @Override
    public void failed(StagingException error, long totalRowsSent, double elapsedMs) throws IOException {
        line(new StreamError(error.getMessage(), error.code().code(), true, totalRowsSent, elapsedMs));
    }

    private void line(Object message) throws IOException {
        out.write(writer.writeValueAsBytes(message));
        out.write('\n');
        out.flush();
    }
}
