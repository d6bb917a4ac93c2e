package io.graphstaging.cli.command;

import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.usecase.StageFilesCommand;
import picocli.CommandLine.Mixin;

/**
 * What {@code stage} and {@code append} both take (the graph, the table, its objects and their
 * file ids, the schema contract) and what they both do with it: one staging step.
 */
public final class StagedObjectsOptions {
    @Mixin GraphOption graph;
    @Mixin TableOption table;
    @Mixin SourceOptions source;
    @Mixin ContractOptions contract;

    /** Stages the objects into the table: a create, or with {@code append} an append. */
    int stage(CliEnvironment environment, CommonOptions common, boolean append) {
        return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
            new Steps(staging, cancellation, common.progress(environment), common.outcomes(), environment.clock())
                    .stage(new StageFilesCommand(graph.graph(), table.table(), source.pattern(), source.fileIds(),
                            contract.contract()), append);
            return ExitCodes.DONE;
        });
    }
}
