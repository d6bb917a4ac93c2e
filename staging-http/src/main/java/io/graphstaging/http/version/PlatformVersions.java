package io.graphstaging.http.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The platform's version, known from the build (filtered into a resource by Maven). The engines'
 * versions are asked of the engines through their ports.
 */
public final class PlatformVersions {
    private final String platform;

    public PlatformVersions() {
        this.platform = property("/graph-staging-version.properties", "version");
    }

    public String platform() {
        return platform;
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
