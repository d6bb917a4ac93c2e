package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.IntervalValue;
import io.graphstaging.ladybug.binding.InternalId;
import io.graphstaging.ladybug.binding.Interval;
import io.graphstaging.ladybug.binding.Node;
import io.graphstaging.ladybug.binding.Relationship;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the binding's values into the JDK values query results promise (no binding type crosses
 * the port). Nodes and relationships become maps shaped as the original graph API gives them:
 * {@code _id} ({@code {"table", "offset"}}), {@code _label}, relationships also {@code _src} and
 * {@code _dst}, then the properties.
 */
final class GraphValues {
    private GraphValues() {}

    static Object toJdk(Object value) {
        if (value instanceof Interval interval) {
            return new IntervalValue(interval.months(), interval.days(), interval.micros());
        }
        if (value instanceof InternalId id) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("table", id.table());
            out.put("offset", id.offset());
            return out;
        }
        if (value instanceof Node node) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("_id", toJdk(node.id()));
            out.put("_label", node.label());
            putAll(out, node.properties());
            return out;
        }
        if (value instanceof Relationship rel) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("_id", toJdk(rel.id()));
            out.put("_src", toJdk(rel.source()));
            out.put("_dst", toJdk(rel.destination()));
            out.put("_label", rel.label());
            putAll(out, rel.properties());
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(toJdk(item));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            putAll(out, map);
            return out;
        }
        return value;
    }

    private static void putAll(Map<String, Object> out, Map<?, ?> values) {
        for (Map.Entry<?, ?> e : values.entrySet()) {
            out.put(String.valueOf(e.getKey()), toJdk(e.getValue()));
        }
    }
}
