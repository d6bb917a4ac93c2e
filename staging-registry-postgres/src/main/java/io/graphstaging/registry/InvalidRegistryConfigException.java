package io.graphstaging.registry;

import java.util.List;

/** The registry's environment configuration is wrong; carries every problem found. */
public final class InvalidRegistryConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidRegistryConfigException(List<String> problems) {
        super("Invalid file registry configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
