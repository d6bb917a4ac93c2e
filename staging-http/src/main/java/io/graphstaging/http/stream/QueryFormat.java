package io.graphstaging.http.stream;

import java.util.Locale;
import java.util.Optional;

/** The three shapes of a query answer, chosen by {@code Accept} and the {@code streaming} parameter. */
public enum QueryFormat {
    JSON, NDJSON, SSE;

    public static final String NDJSON_TYPE = "application/x-ndjson";
    public static final String SSE_TYPE = "text/event-stream";

    /**
     * {@code streaming=false} forces JSON; otherwise a stream type named in {@code Accept} wins
     * (the first one named, when both are); {@code streaming=true} with neither is NDJSON.
     */
    public static QueryFormat choose(String accept, Optional<Boolean> streaming) {
        if (streaming.isPresent() && !streaming.get()) {
            return JSON;
        }
        String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        int ndjson = a.indexOf(NDJSON_TYPE);
        int sse = a.indexOf(SSE_TYPE);
        if (ndjson >= 0 && (sse < 0 || ndjson < sse)) {
            return NDJSON;
        }
        if (sse >= 0) {
            return SSE;
        }
        return streaming.orElse(false) ? NDJSON : JSON;
    }
}
