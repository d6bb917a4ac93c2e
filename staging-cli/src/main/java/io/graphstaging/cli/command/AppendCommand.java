package io.graphstaging.cli.command;

import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.usecase.StageFilesCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code append}: adds Parquet objects to a staging table. */
@Command(name = "append", description = "Add Parquet objects to a staging table (rows of a file staged again replace its old ones).",
        footerHeading = "%nExample:%n",
        footer = "  graph-staging append --graph demo --table person --uri s3://demo/people/2026-12-02.parquet")
final class AppendCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin TableOption table;
    @Mixin SourceOptions source;
    @Mixin ContractOptions contract;
    @Mixin CommonOptions common;

    AppendCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
            new Steps(staging, cancellation, common.progress(environment), common.outcomes(), environment.clock())
                    .stage(new StageFilesCommand(graph.graph(), table.table(), source.pattern(), source.fileIds(),
                            contract.contract()), true);
            return ExitCodes.DONE;
        });
    }
}
