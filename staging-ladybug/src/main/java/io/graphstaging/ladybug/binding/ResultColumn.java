package io.graphstaging.ladybug.binding;

/** A result column: its name and the engine's type, e.g. {@code DECIMAL(18, 4)} or {@code STRING[]}. */
public record ResultColumn(String name, String type) {}
