package io.graphstaging.cli.command;

import io.graphstaging.core.model.GraphId;
import picocli.CommandLine.Option;

/** {@code --graph}: the graph a command works on. */
public final class GraphOption {
    @Option(names = {"-g", "--graph"}, required = true, paramLabel = "GRAPH", description = "The graph id.")
    String graph;

    GraphId graph() {
        return GraphId.of(graph);
    }
}
