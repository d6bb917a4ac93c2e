package io.graphstaging.cli.command;

import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code materialize}: copies a staging table into the graph database. */
@Command(name = "materialize", description = "Copy a staging table into the graph database (a node table keyed by "
        + "identifier, a relationship table from its from/to columns). Exit code 3 when rows were rejected.",
        footerHeading = "%nExample:%n",
        footer = "  graph-staging materialize --graph demo --table knows --from-node-table person --to-node-table person")
final class MaterializeCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin TableOption table;
    @Mixin CommonOptions common;

    @Option(names = "--ignore-errors", description = "Count and skip rows the graph rejects instead of failing.")
    boolean ignoreErrors;

    @Option(names = "--file-id", paramLabel = "ID", description = "Only rows of this file; repeat for more.")
    List<String> fileIds = new ArrayList<>();

    @Option(names = "--from-node-table", paramLabel = "TABLE",
            description = "For a relationship table the graph lacks: its source node table.")
    String fromNodeTable;

    @Option(names = "--to-node-table", paramLabel = "TABLE",
            description = "For a relationship table the graph lacks: its destination node table.")
    String toNodeTable;

    MaterializeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        MaterializeOptions options = new MaterializeOptions(SyncMode.SYNC, ignoreErrors,
                fileIds.stream().map(FileId::of).collect(Collectors.toSet()),
                Optional.ofNullable(fromNodeTable).map(TableName::of), Optional.ofNullable(toNodeTable).map(TableName::of), false, false, false);
        return common.platform(environment).run((staging, cancellation) -> {
            MaterializeResult result = new Steps(staging, cancellation, common.progress(environment), common.outcomes(),
                    environment.clock()).materialize(graph.graph(), table.table(), options);
            return result.rowsRejected() > 0 ? ExitCodes.REJECTED_ROWS : ExitCodes.DONE;
        });
    }
}
