package io.graphstaging.cli.command;

import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.WireName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code materialize}: copies a staging table into the graph database. */
@Command(name = "materialize", description = "Make a graph table follow its staging table (a node table keyed by "
        + "identifier, a relationship table from its from/to columns): sync (default) inserts, updates and removes "
        + "rows; append inserts new keys only; rebuild empties the graph table and copies it whole. Rejected rows "
        + "are printed (the first 100: key, file id, reason); exit code 3 when rows were rejected.",
        footerHeading = "%nExamples:%n",
        footer = {"  graph-staging materialize --graph demo --table knows --from-node-table person --to-node-table person",
            "  graph-staging materialize --graph demo --table person --mode rebuild --cascade",
            "  graph-staging materialize --graph demo --table person --verify --json"})
final class MaterializeCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin TableOption table;
    @Mixin CommonOptions common;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "sync",
            description = "sync, append or rebuild. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--cascade", description = "With rebuild of a node table: also empty the relationship tables "
            + "pointing at it (otherwise a rebuild they would outlive is refused).")
    boolean cascade;

    @Option(names = "--dry-run", description = "Compute what would change and what would be rejected; write nothing.")
    boolean dryRun;

    @Option(names = "--verify", description = "A dry run that also compares the graph with staging (rows missing, "
            + "different, extra).")
    boolean verify;

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
        MaterializeOptions options = new MaterializeOptions(WireName.parse(SyncMode.class, mode, "mode"), ignoreErrors,
                fileIds.stream().map(FileId::of).collect(Collectors.toSet()),
                Optional.ofNullable(fromNodeTable).map(TableName::of), Optional.ofNullable(toNodeTable).map(TableName::of),
                cascade, dryRun, verify);
        return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
            MaterializeResult result = new Steps(staging, cancellation, common.progress(environment), common.outcomes(),
                    environment.clock()).materialize(graph.graph(), table.table(), options);
            return result.rowsRejected() > 0 ? ExitCodes.REJECTED_ROWS : ExitCodes.DONE;
        });
    }
}
