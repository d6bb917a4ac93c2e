package io.graphstaging.ladybug.binding;

/** The engine's identifier of a node or relationship: its table and its offset in that table. */
public record InternalId(long table, long offset) {
    @Override
    public String toString() {
        return table + ":" + offset;
    }
}
