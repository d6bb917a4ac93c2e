package io.graphstaging.cli.run;

import io.graphstaging.bootstrap.GraphStaging;
import io.graphstaging.bootstrap.StartupConfiguration;
import io.graphstaging.bootstrap.TableQueueConfig;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * One command's run on the platform: the same settings as the server (read from the
 * environment, checked together), the data directories locked, the command's graph restored
 * when snapshots are on and it is missing here (as the server does before serving a graph), the
 * work cancelled on Ctrl-C, everything closed at the end.
 */
public final class PlatformRun {
    /** The server's own settings: set for the server in a shared environment, they are no typo here. */
    static final Set<String> SERVER_SETTINGS = Set.of("STAGING_HTTP_HOST", "STAGING_HTTP_PORT",
            "STAGING_API_KEY", "STAGING_MAX_BODY_BYTES", "STAGING_SHUTDOWN_GRACE_SECONDS", "STAGING_LOG_FORMAT");

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
     * Opens the platform, brings the graph up to date from its snapshot and the registry when
     * snapshots are on ({@link GraphStaging#restore}), runs the work, closes the platform.
     *
     * @throws RuntimeException what the work, the restore or the start threw; {@link ExitCodes} maps it
     */
    public int run(GraphId graph, Work work) {
        return run((staging, cancellation) -> {
            int rebuilt = staging.restore(graph);
            if (rebuilt > 0) {
                err.println("Restored graph " + graph + ": " + rebuilt + " staging table(s) rebuilt from the registry");
            }
            return work.run(staging, cancellation);
        });
    }

    /**
     * Opens the platform, runs the work, closes the platform.
     *
     * @throws RuntimeException what the work or the start threw; {@link ExitCodes} maps it
     */
    public int run(Work work) {
        TableQueueConfig queues = TableQueueConfig.from(settings);
        StartupConfiguration configuration = StartupConfiguration.from(settings);
        List<String> unread = configuration.unreadVariables().stream()
                .filter(name -> !SERVER_SETTINGS.contains(name)).toList();
        if (!unread.isEmpty()) {
            err.println("warning: these variables are not settings of graph-staging (a typo?) and are ignored: " + unread);
        }
        Interruption interruption = Interruption.install(err);
        try (GraphStaging staging = GraphStaging.open(configuration, queues, "command line")) {
            return work.run(staging, interruption.cancellation());
        } finally {
            interruption.finished();
        }
    }
}
