package io.graphstaging.ladybug.binding;

import java.util.Map;

/** A NODE value: its identifier, table (label) and properties in declared order. */
public record Node(InternalId id, String label, Map<String, Object> properties) {}
