package io.graphstaging.http.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions known from the build, filtered into a resource by Maven: the platform's and the
 * DuckDB driver's it was built with (the edge has no DuckDB class to ask, and the staging port
 * has no version method).
 */
public final class PlatformVersions {
    private final String platform;
    private final String duckdb;

    public PlatformVersions() {
        this.platform = property("/graph-staging-version.properties", "version");
        this.duckdb = property("/graph-staging-version.properties", "duckdb");
    }

    public String platform() {
        return platform;
    }

    public String duckdb() {
        return duckdb;
    }

    private static String property(String resource, String name) {
        try (InputStream in = PlatformVersions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(name, "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + resource + " failed", e);
        }
    }
}
