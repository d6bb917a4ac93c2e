package io.graphstaging.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI generator names properties after the record components (camelCase); the wire is
 * snake_case. This renames schema properties with the same strategy the wire mapper uses, so the
 * generated spec and the JSON cannot disagree.
 */
public final class SnakeCaseSchemas {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private SnakeCaseSchemas() {}

    public static ObjectNode apply(ObjectNode spec) {
        JsonNode schemas = spec.path("components").path("schemas");
        if (schemas instanceof ObjectNode all) {
            all.elements().forEachRemaining(SnakeCaseSchemas::renameProperties);
        }
        return spec;
    }

    private static void renameProperties(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.get("properties") instanceof ObjectNode properties) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            properties.fields().forEachRemaining(entries::add);
            properties.removeAll();
            for (Map.Entry<String, JsonNode> e : entries) {
                properties.set(SNAKE.translate(e.getKey()), e.getValue());
                renameProperties(e.getValue());
            }
        }
        if (object.get("required") instanceof ArrayNode required) {
            List<String> names = new ArrayList<>();
            required.forEach(n -> names.add(SNAKE.translate(n.asText())));
            required.removeAll();
            names.forEach(required::add);
        }
    }
}
