package io.graphstaging.registry.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded server's {@code pg_hba.conf}, rewritten before every start: the cluster's own
 * file (from initdb, or from the releases that trusted every local connection) never applies.
 */
final class HostBasedAuthentication {
    private static final String RULES = """
            # Written by graph-staging before every start of the embedded registry server; edits are lost.
            # Logins with a password (SCRAM-SHA-256) over 127.0.0.1 only: the server listens on no other
            # address and has no Unix socket. The passwords are in registry-credentials.properties.
            host all all 127.0.0.1/32 scram-sha-256
            """;

    private HostBasedAuthentication() {
    }

    static void write(Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve("pg_hba.conf"), RULES);
    }
}
