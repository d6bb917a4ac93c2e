package io.graphstaging.cli.command;

import io.graphstaging.core.config.Settings;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What every command gets from the process: the settings (the server's variables), whether a
 * person watches a terminal, the clock, and standard error as a stream (for progress bars).
 */
public record CliEnvironment(Settings settings, boolean terminal, Clock clock, PrintStream errStream) {}
