package io.graphstaging.http.stream;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.QueryChunk;
import java.io.IOException;

/** Writes the messages of one streamed query answer in one wire format. */
interface ChunkSink {
    /** The content type of the stream. */
    String contentType();

    /** Before the first chunk: the stream has begun. */
    void started(QueryChunk first, int chunkSize) throws IOException;

    void chunk(QueryChunk chunk, long totalRowsSent, double elapsedMs) throws IOException;

    void completed(long totalRowsSent, int chunks, double elapsedMs) throws IOException;

    /** The query failed after the stream began: the last message. */
    void failed(StagingException error, long totalRowsSent, double elapsedMs) throws IOException;
}
