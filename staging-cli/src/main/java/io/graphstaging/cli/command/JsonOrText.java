package io.graphstaging.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How a {@code --param} text of {@code query} and {@code cypher} becomes a value: JSON when the whole text is JSON. */
final class JsonOrText {
    // Jackson reads the first value and ignores what follows unless told otherwise.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonOrText() {
    }

    /** The text's JSON value (a number, boolean, null, quoted text, list or object), or the text itself. */
    static Object value(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text; // not JSON: plain text, as documented
        }
    }
}
