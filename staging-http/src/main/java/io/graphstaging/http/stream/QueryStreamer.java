package io.graphstaging.http.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.http.api.QueryChunkMessage;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a query answer as NDJSON or SSE, writing and flushing each chunk as the store hands it
 * over. Nothing is committed before the first chunk: a query the store refuses up front (bad SQL,
 * sandbox, unknown graph) still gets its proper status and error body. After that, a failure
 * becomes the stream's last message; a client that went away makes the consumer throw, which
 * stops the query in the store.
 */
public final class QueryStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(QueryStreamer.class);

    private final ObjectWriter writer;

    @Inject
    public QueryStreamer(ObjectMapper mapper) {
        // The servlet stream outlives each message: never let Jackson close it.
        this.writer = mapper.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /**
     * Streams what {@code query} hands its consumer (a query of either route, already bound to
     * its graph, cancellation and chunk size).
     */
    public void stream(Context ctx, QueryFormat format, int chunkSize, long startNanos,
                       Consumer<Consumer<QueryChunk>> query) {
        HttpServletResponse response = ctx.res();
        OutputStream out;
        try {
            out = response.getOutputStream();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
        ChunkSink sink = format == QueryFormat.SSE ? new SseSink(writer, out) : new NdjsonSink(writer, out);
        Progress progress = new Progress(response, sink, chunkSize, startNanos);
        try {
            query.accept(progress);
        } catch (ClientGoneException e) {
            LOG.info("Streaming client went away after {} rows; the query was stopped", progress.totalRows);
            return;
        } catch (StagingException e) {
            // CANCELLED: the client watch stopped the query of a client that went away.
            if (causedByClientGone(e) || e.code() == ErrorCode.CANCELLED) {
                LOG.info("Streaming client went away after {} rows; the query was stopped", progress.totalRows);
                return;
            }
            if (!progress.begun) {
                throw e;
            }
            LOG.warn("Query stream failed after {} rows: {} ({})", progress.totalRows, e.getMessage(), e.code().code());
            progress.fail(e);
            return;
        } catch (RuntimeException e) {
            if (!progress.begun) {
                throw e;
            }
            LOG.error("Query stream failed after {} rows", progress.totalRows, e);
            progress.fail(new StagingException(ErrorCode.INTERNAL, "Internal error while streaming the result"));
            return;
        }
        progress.complete();
    }

    /** A store may wrap what the consumer threw; a gone client is never an error to report. */
    private static boolean causedByClientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClientGoneException) {
                return true;
            }
        }
        return false;
    }

    static QueryChunkMessage message(QueryChunk chunk, long totalRowsSent, double elapsedMs) {
        return new QueryChunkMessage(chunk.columns().stream().map(Column::name).toList(), chunk.rows(), chunk.index(),
                chunk.last(), chunk.rows().size(), totalRowsSent, elapsedMs);
    }

    /** The consumer handed to the store: tracks what was sent and turns write failures into ClientGone. */
    private static final class Progress implements Consumer<QueryChunk> {
        private final HttpServletResponse response;
        private final ChunkSink sink;
        private final int chunkSize;
        private final long startNanos;
        private boolean begun;
        private long totalRows;
        private int chunks;

        Progress(HttpServletResponse response, ChunkSink sink, int chunkSize, long startNanos) {
            this.response = response;
            this.sink = sink;
            this.chunkSize = chunkSize;
            this.startNanos = startNanos;
        }

        @Override
        public void accept(QueryChunk chunk) {
            try {
                if (!begun) {
                    begun = true;
                    response.setStatus(200);
                    response.setContentType(sink.contentType() + ";charset=utf-8");
                    response.setHeader("Cache-Control", "no-cache");
                    // Ask proxies not to buffer the stream.
                    response.setHeader("X-Accel-Buffering", "no");
                    sink.started(chunk, chunkSize);
                }
                totalRows += chunk.rows().size();
                chunks++;
                sink.chunk(chunk, totalRows, elapsedMs());
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }

        void complete() {
            try {
                sink.completed(totalRows, chunks, elapsedMs());
            } catch (IOException e) {
                LOG.info("Streaming client went away before the completion message");
            }
        }

        void fail(StagingException error) {
            try {
                sink.failed(error, totalRows, elapsedMs());
            } catch (IOException e) {
                LOG.info("Streaming client went away before the error message");
            }
        }

        private double elapsedMs() {
            return Math.round((System.nanoTime() - startNanos) / 100_000.0) / 10.0;
        }
    }
}
