package io.graphstaging.http;

import io.graphstaging.bootstrap.DataDirectoryInUseException;
import io.graphstaging.bootstrap.DataDirectoryLock;
import io.graphstaging.bootstrap.StartupConfiguration;
import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import io.graphstaging.http.bootstrap.ServerAssembly;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.config.LogFormat;
import io.graphstaging.http.error.PathRedaction;
import io.graphstaging.http.version.PlatformVersions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the staging server from the environment; with none set, on embedded defaults under
 * {@code ./data}. SIGTERM (and Ctrl-C) stop it gracefully. The data directories are locked while
 * it runs, so a command line pointed at them is refused instead of corrupting them.
 */
public final class Main {
    /** Exit code of a start refused for its configuration (settings, port in use, directories held). */
    static final int BAD_CONFIGURATION = 2;
    /** Logback's own property naming its configuration, set before the first logger exists. */
    static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private Main() {}

    public static void main(String[] args) {
        if (!List.of(args).isEmpty()) {
            System.exit(arguments(List.of(args)));
            return;
        }
        HttpConfig http;
        StartupConfiguration configuration;
        try {
            Settings settings = Settings.fromEnvironment();
            LogFormat.from(settings).configuration().ifPresent(file -> System.setProperty(LOGBACK_CONFIGURATION, file));
            // The edge's settings first: StartupConfiguration checks all of them together.
            http = HttpConfig.from(settings);
            configuration = StartupConfiguration.from(settings);
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(BAD_CONFIGURATION);
            return;
        }
        // Loggers only now: the format above decides how logback is configured.
        Logger log = LoggerFactory.getLogger(Main.class);
        if (!configuration.unreadVariables().isEmpty()) {
            log.warn("These variables are not settings of this server (a typo?) and are ignored: {}",
                    configuration.unreadVariables());
        }
        String portProblem = portInUse(http);
        if (portProblem != null) {
            System.err.println(portProblem);
            System.exit(BAD_CONFIGURATION);
            return;
        }
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(configuration.dataDirectories(), "server");
        } catch (DataDirectoryInUseException e) {
            System.err.println(e.getMessage());
            System.exit(BAD_CONFIGURATION);
            return;
        }
        log.info("graph-staging {} starting", new PlatformVersions().platform());
        configuration.summary().forEach(line -> log.info("  {}", line));
        log.info("  auth: {}", http.apiKey().isPresent() ? "on (STAGING_API_KEY)" : "off");
        log.info("  listen address: {}:{}", http.host(), http.port());
        ServerAssembly assembly = ServerAssembly.create(http, new PathRedaction(configuration.directories()).withWorkingDirectory(),
                Clock.systemUTC(), configuration.modules());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                assembly.close();
            } finally {
                lock.close();
            }
        }, "graceful-shutdown"));
        try {
            assembly.start();
        } catch (RuntimeException e) {
            System.err.println("Cannot start listening on " + http.host() + ":" + http.port()
                    + " (STAGING_HTTP_HOST, STAGING_HTTP_PORT): " + rootMessage(e));
            System.exit(BAD_CONFIGURATION);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** {@code --help} and {@code --version}; anything else is a usage error. */
    private static int arguments(List<String> args) {
        if (args.equals(List.of("--version")) || args.equals(List.of("-V"))) {
            System.out.println("graph-staging server " + new PlatformVersions().platform());
            return 0;
        }
        boolean help = args.equals(List.of("--help")) || args.equals(List.of("-h"));
        (help ? System.out : System.err).println("""
                Usage: java -jar staging-http.jar [--help | --version]

                Starts the graph-staging HTTP server. It is configured by environment variables only
                (STAGING_*, DUCKDB_*, LBUG_*, AWS_*: see the README's configuration table); with none set it
                runs on embedded defaults under ./data on port 8001. SIGTERM or Ctrl-C stops it gracefully.

                Example:
                  STAGING_HTTP_PORT=9000 STAGING_API_KEY=secret java -jar staging-http.jar

                Exit codes: 0 stopped, 1 usage error, 2 bad configuration (settings, port in use, data
                directories held by another process).""");
        return help ? 0 : 1;
    }

    /** Why the listen address cannot be used, or null; checked before anything starts. */
    private static String portInUse(HttpConfig http) {
        if (http.port() == 0) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket(http.port(), 1, InetAddress.getByName(http.host()))) {
            probe.setReuseAddress(true);
            return null;
        } catch (IOException e) {
            return "Cannot listen on " + http.host() + ":" + http.port() + " (STAGING_HTTP_HOST, STAGING_HTTP_PORT): "
                    + e.getMessage() + ". Stop what uses the port or choose another one.";
        }
    }
}
