package io.graphstaging.http.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.http.config.HttpConfig;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a JSON request body into a record, enforcing the size limit while reading: a declared
 * length over the limit is refused before a byte is read, and a body without one (chunked) is
 * cut off as soon as it passes the limit. Nothing is buffered whole beforehand.
 */
public final class BodyReader {
    private final ObjectMapper mapper;
    private final long maxBytes;

    @Inject
    public BodyReader(ObjectMapper mapper, HttpConfig config) {
        this.mapper = mapper;
        this.maxBytes = config.maxBodyBytes();
    }

    public <T> T read(Context ctx, Class<T> type) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = new LimitedInputStream(ctx.req().getInputStream(), maxBytes)) {
            T value = mapper.readValue(in, type);
            if (value == null) {
                throw new StagingException(ErrorCode.INVALID_REQUEST, "The request body must be a JSON object");
            }
            return value;
        } catch (BodyTooLargeException e) {
            throw tooLarge();
        } catch (UnrecognizedPropertyException e) {
            throw new StagingException(ErrorCode.INVALID_REQUEST,
                    "Unknown field '" + e.getPropertyName() + "' in the request body", e);
        } catch (MismatchedInputException e) {
            if (e.getCause() instanceof BodyTooLargeException) {
                throw tooLarge();
            }
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Invalid request body: " + describe(e), e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof StagingException domain) {
                // A record's constructor refused a value (a bad name, an empty list...).
                throw domain;
            }
            if (e.getCause() instanceof BodyTooLargeException) {
                throw tooLarge();
            }
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Invalid request body: " + describe(e), e);
        } catch (IOException e) {
            // Jetty's "early EOF" and a reset connection: the body did not arrive whole.
            throw new StagingException(ErrorCode.INVALID_REQUEST,
                    "The request body could not be read whole (it ended before its declared length or the connection failed)", e);
        }
    }

    private StagingException tooLarge() {
        return new StagingException(ErrorCode.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + maxBytes + " bytes");
    }

    /** Jackson's message without the source excerpt (it may echo a large body). */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "malformed JSON";
        }
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    /** Thrown from inside Jackson's read when the body passes the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body over the limit");
        }
    }

    /** Counts bytes as they are read and fails once more than the limit arrived. */
    static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
