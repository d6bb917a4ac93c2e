package io.graphstaging.http.stream;

import java.io.IOException;

/**
 * Writing to a streaming client failed: it went away. Thrown from the chunk consumer so that the
 * store stops the query and frees its connection.
 */
public final class ClientGoneException extends RuntimeException {
    public ClientGoneException(IOException cause) {
        super("The client closed the connection while the result was streaming", cause);
    }
}
