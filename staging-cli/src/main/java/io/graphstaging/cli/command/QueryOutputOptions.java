package io.graphstaging.cli.command;

import io.graphstaging.cli.output.OutputFormat;
import picocli.CommandLine.Option;

/** How a query's rows are printed, shared by {@code query} and {@code cypher}. */
final class QueryOutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json or ndjson (csv and ndjson stream as read). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--chunk-size", paramLabel = "ROWS", defaultValue = "1000",
            description = "Rows read at a time (10 to 10000). Default: ${DEFAULT-VALUE}.")
    int chunkSize;
}
