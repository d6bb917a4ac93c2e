package io.graphstaging.cli.run;

import io.graphstaging.bootstrap.GraphStaging;
import io.graphstaging.bootstrap.StartupConfiguration;
import io.graphstaging.bootstrap.TableQueueConfig;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.Cancellation;
import java.io.PrintWriter;

/**
 * One command's run on the platform: the same settings as the server (read from the
 * environment, checked together), the data directories locked, the work cancelled on Ctrl-C,
 * everything closed at the end.
 */
public final class PlatformRun {
    /** The command's work; returns its exit code. */
    @FunctionalInterface
    public interface Work {
        int run(GraphStaging staging, Cancellation cancellation);
    }

    private final Settings settings;
    private final PrintWriter err;

    public PlatformRun(Settings settings, PrintWriter err) {
        this.settings = settings;
        this.err = err;
    }

    /**
     * Opens the platform, runs the work, closes the platform.
     *
     * @throws RuntimeException what the work or the start threw; {@link ExitCodes} maps it
     */
    public int run(Work work) {
        TableQueueConfig queues = TableQueueConfig.from(settings);
        StartupConfiguration configuration = StartupConfiguration.from(settings);
        if (!configuration.unreadVariables().isEmpty()) {
            err.println("warning: these variables are not settings of graph-staging (a typo?) and are ignored: "
                    + configuration.unreadVariables());
        }
        Interruption interruption = Interruption.install(err);
        try (GraphStaging staging = GraphStaging.open(configuration, queues, "command line")) {
            return work.run(staging, interruption.cancellation());
        } finally {
            interruption.finished();
        }
    }
}
