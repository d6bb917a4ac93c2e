package io.graphstaging.registry.embedded;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs statements on a stopped cluster through PostgreSQL's single-user mode, as its bootstrap
 * superuser. This is how the superuser gets its password: no connection over the network is
 * ever trusted to set it, not even once while a directory from before passwords is upgraded.
 */
final class SingleUserMode {
    private final Path postgres;
    private final Path dataDir;
    private final ServerOutput output;

    SingleUserMode(Path postgres, Path dataDir, ServerOutput output) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.output = output;
    }

    /** Gives {@code role} this password (sent on the program's input, never on its command line). */
    void setPassword(String role, String password) throws IOException {
        run(RolePassword.alterRole(role, password));
    }

    private void run(String statement) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As the library does: PostgreSQL refuses to run as root, so root runs it in a user namespace.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDir.toString(), "postgres"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL's single-user mode did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while PostgreSQL ran in single-user mode", e);
        }
        // Single-user mode reports a failed statement in its output and still exits 0.
        if (process.exitValue() != 0 || text.contains("ERROR:") || text.contains("FATAL:")) {
            output.error("single-user mode", text);
            throw new IOException("PostgreSQL's single-user mode failed (exit " + process.exitValue() + ")");
        }
        output.debug("single-user mode", text);
    }
}
