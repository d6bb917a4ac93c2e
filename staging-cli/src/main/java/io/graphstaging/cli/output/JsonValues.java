package io.graphstaging.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Base64;

/** Values read from the engines as JSON: numbers exact, bytes in base64, times as ISO-8601 text. */
final class JsonValues {
    private JsonValues() {}

    static ObjectMapper mapper() {
        return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** A value Jackson writes as the JSON it should be. */
    static Object of(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String
                || value instanceof java.util.Map<?, ?> || value instanceof java.util.List<?>) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    /** A value as text in a table or CSV cell. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
