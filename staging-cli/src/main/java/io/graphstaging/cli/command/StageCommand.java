package io.graphstaging.cli.command;

import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.usecase.StageFilesCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stage}: creates (or replaces) a staging table from Parquet objects. */
@Command(name = "stage", description = "Create or replace a staging table from Parquet objects.",
        footerHeading = "%nExample:%n",
        footer = "  graph-staging stage --graph demo --table person --pattern 's3://demo/people/*.parquet'")
final class StageCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin TableOption table;
    @Mixin SourceOptions source;
    @Mixin ContractOptions contract;
    @Mixin CommonOptions common;

    StageCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
            new Steps(staging, cancellation, common.progress(environment), common.outcomes(), environment.clock())
                    .stage(new StageFilesCommand(graph.graph(), table.table(), source.pattern(), source.fileIds(),
                            contract.contract()), false);
            return ExitCodes.DONE;
        });
    }
}
