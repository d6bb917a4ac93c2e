package io.graphstaging.ladybug.binding;

import java.util.Map;

/** A REL value: its identifier, its end nodes' identifiers, table (label) and properties. */
public record Relationship(InternalId id, InternalId source, InternalId destination, String label,
                           Map<String, Object> properties) {}
