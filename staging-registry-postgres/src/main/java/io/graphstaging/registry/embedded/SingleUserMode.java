package io.graphstaging.registry.embedded;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs statements on a stopped cluster through PostgreSQL's single-user mode, as its bootstrap
 * superuser. This is how the superuser gets its password: no connection over the network is
 * ever trusted to set it, not even once while a directory from before passwords is upgraded.
 *
 * <p>A run is bounded: the program's output goes to a file, not a pipe, so that waiting for it
 * never depends on the program (or a child it left) closing its output, and a program still
 * running at the deadline is killed.
 */
final class SingleUserMode {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** How long a killed program may take to be gone (it is, at once, unless stuck in the kernel). */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final String STEP = "single-user mode";
    private static final String HIDDEN = "(hidden)";

    private final Path postgres;
    private final Path dataDir;
    private final ServerOutput output;
    private final Duration deadline;

    SingleUserMode(Path postgres, Path dataDir, ServerOutput output) {
        this(postgres, dataDir, output, DEADLINE);
    }

    /** With another deadline than the 60 s of a start, for tests. */
    SingleUserMode(Path postgres, Path dataDir, ServerOutput output, Duration deadline) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.output = output;
        this.deadline = deadline;
    }

    /** Gives {@code role} this password (sent on the program's input, never on its command line). */
    void setPassword(String role, String password) throws IOException {
        String verifier = RolePassword.verifier(password);
        // PostgreSQL quotes a failed statement in its output: the verifier in it is not to be logged.
        run("setting the password of role " + role, RolePassword.alterRoleTo(role, verifier), verifier);
    }

    private void run(String what, String statement, String secret) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As the library does: PostgreSQL refuses to run as root, so root runs it in a user namespace.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDir.toString(), "postgres"));
        // Only this user can read it (as every temporary file Java makes on POSIX); deleted below.
        Path log = Files.createTempFile("graph-staging-single-user-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Optional<IOException> notSent = send(process, statement);
            Ending ending = await(process);
            OptionalInt exit = ending.exitCode();
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).replace(secret, HIDDEN);
            String failure;
            if (exit.isEmpty()) {
                failure = "did not finish within " + format(deadline) + " and was killed"
                        + (ending.survivors().isEmpty() ? "" : " (but pids " + ending.survivors() + " are still running)");
            } else if (notSent.isPresent()) {
                failure = "ended before it read the statement (exit " + exit.getAsInt() + ")";
            } else if (exit.getAsInt() != 0 || text.contains("ERROR:") || text.contains("FATAL:")) {
                // Single-user mode reports a failed statement in its output and still exits 0.
                failure = "failed (exit " + exit.getAsInt() + ")";
            } else {
                output.debug(STEP, text);
                return;
            }
            output.error(STEP, text);
            IOException e = new IOException("PostgreSQL's single-user mode, " + what + ", " + failure);
            notSent.ifPresent(e::addSuppressed);
            throw e;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Writes the statement on the program's input and closes it; a program that has ended refuses it. */
    private static Optional<IOException> send(Process process, String statement) {
        try (OutputStream in = process.getOutputStream()) {
            in.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e); // its exit code and output tell why; the run fails either way
        }
    }

    /** How the program ended: its exit code, or none when it was killed; what of it outlived the kill. */
    private record Ending(OptionalInt exitCode, List<Long> survivors) {}

    private Ending await(Process process) throws IOException {
        try {
            if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Ending(OptionalInt.of(process.exitValue()), List.of());
            }
            return new Ending(OptionalInt.empty(), survivors(kill(process)));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while PostgreSQL ran in single-user mode", e);
        }
    }

    /** Kills the program and any process it started; returns them. */
    private static List<ProcessHandle> kill(Process process) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        return tree;
    }

    /** The pids of {@code killed} still there after {@link #KILL_WAIT} (stuck in the kernel): the failure names them. */
    private static List<Long> survivors(List<ProcessHandle> killed) throws InterruptedException {
        try {
            CompletableFuture.allOf(killed.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return killed.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        }
        return List.of();
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
