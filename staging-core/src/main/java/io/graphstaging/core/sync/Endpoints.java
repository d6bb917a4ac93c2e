package io.graphstaging.core.sync;

import java.util.Objects;

/** The node tables a relationship table connects, as the graph names them. */
public record Endpoints(String fromTable, String toTable) {
    public Endpoints {
        Objects.requireNonNull(fromTable, "fromTable");
        Objects.requireNonNull(toTable, "toTable");
    }
}
