package io.graphstaging.http.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a status and an {@link ErrorBody}. Domain errors go through
 * {@link ErrorStatuses}; anything else is a 500 whose body says only that it happened (the stack
 * trace goes to the log, with the request id). Details shown to clients and written to the log
 * are cut to {@link #MAX_DETAIL_CHARS} and never carry the server's directories.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    /** A detail longer than this (20,000 URIs in one message) is cut, saying how much was left out. */
    static final int MAX_DETAIL_CHARS = 2_000;
    private static final String INTERNAL_DETAIL = "Internal server error";

    private final PathRedaction redaction;
    private final ObjectMapper mapper;

    @Inject
    public ErrorResponses(PathRedaction redaction, ObjectMapper mapper) {
        this.redaction = redaction;
        this.mapper = mapper;
    }

    public void register(Javalin app) {
        app.exception(StagingException.class, this::domain);
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(body(e.getMessage(), codeForStatus(e.getStatus()))));
        app.exception(Exception.class, (e, ctx) -> {
            // An Error thrown by asynchronous work arrives wrapped.
            Throwable failure = e instanceof CompletionException && e.getCause() instanceof Error error ? error : e;
            LOG.error("Unexpected failure in {} {}", ctx.method(), ctx.path(), failure);
            ctx.status(500).json(body(internalDetail(failure), ErrorCode.INTERNAL.code()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                ctx.json(body("No route " + ctx.method() + " " + ctx.path(), "not_found"));
            }
        });
    }

    /** A detail as clients see it: without the server's directories, and cut when very long. */
    public String detail(String message) {
        String redacted = redaction.apply(message == null ? "" : message);
        if (redacted.length() <= MAX_DETAIL_CHARS) {
            return redacted;
        }
        return redacted.substring(0, MAX_DETAIL_CHARS) + "... (" + (redacted.length() - MAX_DETAIL_CHARS)
                + " more characters left out)";
    }

    public ErrorBody body(String message, String code) {
        return new ErrorBody(detail(message), code);
    }

    public ErrorBody body(StagingException e) {
        return body(e.getMessage(), e.code().code());
    }

    /**
     * The JSON 500 for a {@link Error} (out of memory, a stack overflow) thrown while serving a
     * request: written directly, as Javalin hands errors past its exception mappers.
     */
    public void javaError(HttpServletResponse response, Error error) {
        LOG.error("Serving a request failed with {}", error.toString(), error);
        if (response.isCommitted()) {
            return;
        }
        String detail = internalDetail(error);
        try {
            response.resetBuffer();
            response.setStatus(500);
            response.setContentType("application/json");
            response.getOutputStream().write(json(new ErrorBody(detail, ErrorCode.INTERNAL.code())));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not write the error body", e);
        }
    }

    /** What a client is told of a failure that is not a domain error: only what helps it retry. */
    private static String internalDetail(Throwable failure) {
        return failure instanceof OutOfMemoryError
                ? "The server ran out of memory while answering. Try a smaller request (stream large query results)."
                : INTERNAL_DETAIL;
    }

    /** The body as bytes, for writers below Javalin. */
    public byte[] json(ErrorBody body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return "{\"detail\": \"Internal server error\", \"code\": \"internal\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private void domain(StagingException e, Context ctx) {
        int status = ErrorStatuses.status(e.code());
        ErrorBody body = body(e);
        if (status == 500) {
            LOG.error("{} {} failed: {} ({})", ctx.method(), ctx.path(), body.detail(), e.code().code(), e);
        } else if (status > 500) {
            LOG.warn("{} {} failed: {} ({}){}", ctx.method(), ctx.path(), body.detail(), e.code().code(),
                    e.getCause() == null ? "" : " caused by " + detail(e.getCause().toString()));
        } else {
            LOG.info("{} {} refused: {} ({})", ctx.method(), ctx.path(), body.detail(), e.code().code());
        }
        ctx.status(status).json(body);
    }

    /** Refusals from below the domain (Javalin, Jetty: unknown route, wrong method, bad message) in the same body shape. */
    public static String codeForStatus(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.code();
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
            case 503 -> ErrorCode.SHUTTING_DOWN.code();
            default -> status >= 500 ? ErrorCode.INTERNAL.code() : ErrorCode.INVALID_REQUEST.code();
        };
    }
}
