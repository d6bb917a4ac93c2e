package io.graphstaging.cli.command;

import io.graphstaging.bootstrap.GraphStaging;
import io.graphstaging.cli.output.OutputFormat;
import io.graphstaging.cli.output.QueryWriter;
import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** How a query's rows are printed, shared by {@code query} and {@code cypher}, and the printing. */
final class QueryOutputOptions {
    /** A command's query, bound to its graph: hands its rows to {@code rows} in chunks of {@code chunkSize}. */
    @FunctionalInterface
    interface StreamedQuery {
        void run(GraphStaging staging, int chunkSize, Cancellation cancellation, Consumer<QueryChunk> rows);
    }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json or ndjson (csv and ndjson stream as read). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--chunk-size", paramLabel = "ROWS", defaultValue = "1000",
            description = "Rows read at a time (10 to 10000). Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    /** Runs {@code query} on the graph, printing its rows to standard output as they are read. */
    int print(CliEnvironment environment, CommonOptions common, GraphId graph, StreamedQuery query) {
        return common.platform(environment).run(graph, (staging, cancellation) -> {
            QueryWriter writer = new QueryWriter(format, common.spec.commandLine().getOut());
            query.run(staging, chunkSize, cancellation, writer::write);
            writer.finish(List.of());
            return ExitCodes.DONE;
        });
    }
}
