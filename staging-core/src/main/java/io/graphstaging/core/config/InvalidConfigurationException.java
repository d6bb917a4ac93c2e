package io.graphstaging.core.config;

import java.util.List;

/**
 * Every problem found in a configuration, reported at once so that one start shows them all.
 * Problems name the variable and the rule it broke, never a secret's value.
 */
public final class InvalidConfigurationException extends RuntimeException {
    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("An invalid configuration has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
