package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User Cypher with named parameters ({@code $name}), bound by the engine, never spliced in.
 *
 * @param parameters values of JSON kinds: String, Number, Boolean, null, List or Map of those
 */
public record CypherQuery(String cypher, Map<String, Object> parameters) {
    public static final int MAX_CYPHER_LENGTH = 100_000;

    public CypherQuery {
        if (cypher == null || cypher.isBlank()) {
            throw new StagingException(ErrorCode.INVALID_CYPHER, "The Cypher statement must not be empty");
        }
        if (cypher.length() > MAX_CYPHER_LENGTH) {
            throw new StagingException(ErrorCode.INVALID_CYPHER,
                    "The Cypher statement is longer than " + MAX_CYPHER_LENGTH + " characters");
        }
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        parameters.forEach((name, value) -> requireJsonKind(name, value));
    }

    private static void requireJsonKind(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(item -> requireJsonKind(name, item));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> requireJsonKind(name, item));
            return;
        }
        throw new StagingException(ErrorCode.INVALID_PARAMETER, "Query parameter " + name
                + " must be a string, number, boolean, null, list or object, not " + value.getClass().getSimpleName());
    }
}
