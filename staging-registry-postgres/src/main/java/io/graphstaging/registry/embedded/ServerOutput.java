package io.graphstaging.registry.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's own output: at DEBUG while all is well (it is the server's business,
 * not the operator's), at ERROR when it explains a failure.
 *
 * <p>The library's programs (initdb, pg_ctl, and the server until its logging collector takes
 * over) write into a temporary file only this user can read, which is read after each step and
 * deleted on close; the running server logs into {@code log/} of its data directory, whose
 * last lines are shown when a start fails after the collector began.
 */
final class ServerOutput implements AutoCloseable {
    /** A logger of its own, so operators can turn the server's output on without the rest. */
    static final Logger LOG = LoggerFactory.getLogger("io.graphstaging.registry.embedded.postgres");
    /** The server's log directory, relative to the data directory. */
    static final String LOG_DIRECTORY = "log";
    private static final int SERVER_LOG_LINES = 40;

    private final Path file;
    private long read;

    private ServerOutput(Path file) {
        this.file = file;
    }

    /** A new, empty output file (0600, as every temporary file Java makes on POSIX). */
    static ServerOutput create() throws IOException {
        return new ServerOutput(Files.createTempFile("graph-staging-postgres-", ".log"));
    }

    /** Where the library's programs write. */
    ProcessBuilder.Redirect redirect() {
        return ProcessBuilder.Redirect.appendTo(file.toFile());
    }

    /** What the programs wrote since the last call. */
    synchronized String unread() {
        try (SeekableByteChannel channel = Files.newByteChannel(file);
             InputStream in = Channels.newInputStream(channel.position(read))) {
            byte[] bytes = in.readAllBytes();
            read += bytes.length;
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(the output in " + file + " cannot be read: " + e.getMessage() + ")";
        }
    }

    void debug(String step, String text) {
        if (LOG.isDebugEnabled()) {
            text.lines().filter(line -> !line.isBlank()).forEach(line -> LOG.debug("{}: {}", step, line));
        }
    }

    void error(String step, String text) {
        LOG.error("Embedded PostgreSQL {} failed; its output:\n{}", step, text.isBlank() ? "(none)" : text.strip());
    }

    /** The last lines of the server's newest log file in {@code dataDir}, if it has one. */
    static Optional<String> serverLogTail(Path dataDir) {
        Path logs = dataDir.resolve(LOG_DIRECTORY);
        if (!Files.isDirectory(logs)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(logs)) {
            Optional<Path> newest = files.filter(Files::isRegularFile)
                    .max(Comparator.comparing(ServerOutput::modified));
            if (newest.isEmpty()) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(newest.get(), StandardCharsets.UTF_8);
            return Optional.of(String.join("\n", lines.subList(Math.max(0, lines.size() - SERVER_LOG_LINES),
                    lines.size())));
        } catch (IOException | RuntimeException e) {
            return Optional.of("(the server log under " + logs + " cannot be read: " + e.getMessage() + ")");
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0; // gone meanwhile: the oldest
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete the embedded PostgreSQL output file {}: {}", file, e.getMessage());
        }
    }
}
