package io.graphstaging.cli.command;

import io.graphstaging.cli.output.Outcomes;
import io.graphstaging.cli.progress.ProgressMode;
import io.graphstaging.cli.progress.ProgressViews;
import io.graphstaging.cli.run.PlatformRun;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command has: machine output, progress, logging. */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Outcomes as JSON objects, one per line, on standard output; progress as "
            + "JSON lines on standard error (unless --progress says otherwise).")
    boolean json;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Progress on standard error: auto (bars on a terminal, else a plain line every few seconds), "
                    + "bar, plain, json or none. Default: ${DEFAULT-VALUE}.")
    ProgressMode progress;

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO on standard error (default: warnings and errors).")
    boolean verbose;

    Outcomes outcomes() {
        return new Outcomes(json, spec.commandLine().getOut());
    }

    ProgressViews progress(CliEnvironment environment) {
        ProgressMode mode = json && progress == ProgressMode.AUTO ? ProgressMode.JSON : progress;
        return new ProgressViews(mode, environment.terminal(), spec.commandLine().getErr(), environment.errStream(),
                environment.clock());
    }

    PlatformRun platform(CliEnvironment environment) {
        return new PlatformRun(environment.settings(), spec.commandLine().getErr());
    }
}
