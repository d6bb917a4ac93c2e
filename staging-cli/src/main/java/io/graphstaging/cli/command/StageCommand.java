package io.graphstaging.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stage}: creates (or replaces) a staging table from Parquet objects. */
@Command(name = "stage", description = "Create or replace a staging table from Parquet objects.",
        footerHeading = "%nExample:%n",
        footer = "  graph-staging stage --graph demo --table person --pattern 's3://demo/people/*.parquet'")
final class StageCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin StagedObjectsOptions objects;
    @Mixin CommonOptions common;

    StageCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return objects.stage(environment, common, false);
    }
}
