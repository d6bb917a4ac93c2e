package io.graphstaging.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code append}: adds Parquet objects to a staging table. */
@Command(name = "append", description = "Add Parquet objects to a staging table (rows of a file staged again replace its old ones).",
        footerHeading = "%nExample:%n",
        footer = "  graph-staging append --graph demo --table person --uri s3://demo/people/2026-12-02.parquet")
final class AppendCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin StagedObjectsOptions objects;
    @Mixin CommonOptions common;

    AppendCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return objects.stage(environment, common, true);
    }
}
