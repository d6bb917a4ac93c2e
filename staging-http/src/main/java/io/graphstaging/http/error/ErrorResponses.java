package io.graphstaging.http.error;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a status and an {@link ErrorBody}. Domain errors go through
 * {@link ErrorStatuses}; anything else is a 500 whose body says only that it happened (the stack
 * trace goes to the log, with the request id).
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    public static void register(Javalin app) {
        app.exception(StagingException.class, ErrorResponses::domain);
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(new ErrorBody(e.getMessage(), javalinCode(e.getStatus()))));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure in {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ErrorBody("Internal server error", ErrorCode.INTERNAL.code()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                ctx.json(new ErrorBody("No route " + ctx.method() + " " + ctx.path(), "not_found"));
            }
        });
    }

    private static void domain(StagingException e, Context ctx) {
        int status = ErrorStatuses.status(e.code());
        if (status == 500) {
            LOG.error("{} {} failed: {} ({})", ctx.method(), ctx.path(), e.getMessage(), e.code().code(), e);
        } else if (status > 500) {
            LOG.warn("{} {} failed: {} ({}){}", ctx.method(), ctx.path(), e.getMessage(), e.code().code(),
                    e.getCause() == null ? "" : " caused by " + e.getCause());
        } else {
            LOG.info("{} {} refused: {} ({})", ctx.method(), ctx.path(), e.getMessage(), e.code().code());
        }
        ctx.status(status).json(new ErrorBody(e.getMessage(), e.code().code()));
    }

    /** Javalin's own refusals (unknown route, wrong method) in the same body shape. */
    private static String javalinCode(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
            case 400 -> ErrorCode.INVALID_REQUEST.code();
            default -> status >= 500 ? ErrorCode.INTERNAL.code() : ErrorCode.INVALID_REQUEST.code();
        };
    }
}
