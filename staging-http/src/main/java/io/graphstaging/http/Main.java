package io.graphstaging.http;

import io.graphstaging.bootstrap.DataDirectoryInUseException;
import io.graphstaging.bootstrap.DataDirectoryLock;
import io.graphstaging.bootstrap.StartupConfiguration;
import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import io.graphstaging.http.bootstrap.ServerAssembly;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.error.PathRedaction;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the staging server from the environment; with none set, on embedded defaults under
 * {@code ./data}. SIGTERM (and Ctrl-C) stop it gracefully. The data directories are locked while
 * it runs, so a command line pointed at them is refused instead of corrupting them.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        HttpConfig http;
        StartupConfiguration configuration;
        try {
            Settings settings = Settings.fromEnvironment();
            // The edge's settings first: StartupConfiguration checks all of them together.
            http = HttpConfig.from(settings);
            configuration = StartupConfiguration.from(settings);
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!configuration.unreadVariables().isEmpty()) {
            LOG.warn("These variables are not settings of this server (a typo?) and are ignored: {}",
                    configuration.unreadVariables());
        }
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(configuration.dataDirectories(), "server");
        } catch (DataDirectoryInUseException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Starting with {}", http);
        ServerAssembly assembly = ServerAssembly.create(http, new PathRedaction(configuration.directories()).withWorkingDirectory(),
                Clock.systemUTC(), configuration.modules());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                assembly.close();
            } finally {
                lock.close();
            }
        }, "graceful-shutdown"));
        assembly.start();
    }
}
