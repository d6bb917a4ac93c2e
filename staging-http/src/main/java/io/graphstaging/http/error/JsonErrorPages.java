package io.graphstaging.http.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error pages in the API's one error body: what fails below the routes (a request Jetty
 * cannot parse, an undecodable path, a header too large, a failure outside Javalin) is answered
 * with {@code {"detail": ..., "code": ...}} as {@code application/json}, never an HTML page.
 * Jetty's reasons name no path of the server; they are redacted and cut all the same.
 */
public final class JsonErrorPages extends ErrorHandler {
    private static final HttpField JSON_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private final ErrorResponses errors;

    public JsonErrorPages(ErrorResponses errors) {
        this.errors = errors;
        setShowStacks(false);
        setShowServlet(false);
    }

    /** Errors raised while a request is dispatched (servlet {@code sendError}, an exception Jetty caught). */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.getResponse().resetContent();
        response.setContentType("application/json");
        response.getOutputStream().write(errors.json(errorBody(code, message)));
    }

    /** Requests Jetty refused while parsing them (bad request line, bad headers, bad chunking). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON_TYPE);
        return ByteBuffer.wrap(errors.json(errorBody(status, reason)));
    }

    private ErrorBody errorBody(int status, String reason) {
        String detail = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return errors.body("The request could not be served: " + detail, ErrorResponses.codeForStatus(status));
    }
}
