package io.graphstaging.http;

import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import io.graphstaging.http.bootstrap.ServerAssembly;
import io.graphstaging.http.bootstrap.StartupConfiguration;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the staging server from the environment; with none set, on embedded defaults under
 * {@code ./data}. SIGTERM (and Ctrl-C) stop it gracefully.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        StartupConfiguration configuration;
        try {
            configuration = StartupConfiguration.from(Settings.fromEnvironment());
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!configuration.unreadVariables().isEmpty()) {
            LOG.warn("These variables are not settings of this server (a typo?) and are ignored: {}",
                    configuration.unreadVariables());
        }
        LOG.info("Starting with {}", configuration.http());
        ServerAssembly assembly = ServerAssembly.create(configuration.http(), configuration.redaction(), Clock.systemUTC(),
                configuration.modules());
        Runtime.getRuntime().addShutdownHook(new Thread(assembly::close, "graceful-shutdown"));
        assembly.start();
    }
}
