package io.graphstaging.registry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Single-user mode run on a fake {@code postgres} (a shell script): what it reports, and that it
 * is bounded however the program behaves. The real program is run by every start of a new
 * embedded server ({@link EmbeddedRegistryServerTest}).
 */
// A hang must fail the test, not the build's fork: the timeout runs the test in a thread of its own.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SingleUserModeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** What every statement that sets a password carries instead of the password: not to be shown. */
    private static final String VERIFIER = "SCRAM-SHA-256$";

    @TempDir
    Path dir;
    private ServerOutput output;
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void open() throws IOException {
        output = ServerOutput.create();
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void close() {
        root.detachAppender(events);
        output.close();
    }

    private List<String> messages(Level atLeast) {
        return events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A {@code postgres} that runs {@code script} (sh), in the test's directory. */
    private SingleUserMode fakePostgres(String script) throws IOException {
        Path postgres = Files.writeString(dir.resolve("postgres"), "#!/bin/sh\n" + script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwx------"));
        return new SingleUserMode(postgres, dir.resolve("data"), output, DEADLINE);
    }

    private static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    private static Optional<ProcessHandle> alive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    @Test
    void theStatementGoesOnItsInputAndAQuietRunSaysNothingAboveDebug() throws Exception {
        Path received = dir.resolve("received");
        Path arguments = dir.resolve("arguments");
        SingleUserMode singleUser = fakePostgres("cat > '" + received + "'\necho \"$@\" > '" + arguments + "'\n"
                + "echo 'PostgreSQL stand-alone backend 16.4'\necho 'backend> '\n");

        singleUser.setPassword("postgres", "secret");

        assertThat(Files.readString(received)).startsWith("ALTER ROLE \"postgres\" PASSWORD '" + VERIFIER)
                .doesNotContain("secret");
        assertThat(Files.readString(arguments)).isEqualTo("--single -D " + dir.resolve("data") + " postgres\n");
        assertThat(messages(Level.INFO)).isEmpty();
        assertThat(messages(Level.DEBUG)).anyMatch(m -> m.contains("PostgreSQL stand-alone backend 16.4"));
    }

    @Test
    void anErrorInItsOutputFailsTheRunAndIsLoggedWithoutTheStatement() throws Exception {
        // As PostgreSQL does: a failed statement is reported with the statement, and the exit code is still 0.
        SingleUserMode singleUser = fakePostgres("statement=$(cat)\necho 'ERROR:  role \"postgres\" does not exist'\n"
                + "echo \"STATEMENT:  $statement\"\n");

        assertThatThrownBy(() -> singleUser.setPassword("postgres", "secret"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("setting the password of role postgres, failed (exit 0)")
                .hasMessageNotContaining(VERIFIER).hasMessageNotContaining("secret");

        assertThat(messages(Level.ERROR)).anyMatch(m -> m.contains("role \"postgres\" does not exist"));
        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(VERIFIER) || m.contains("secret"));
    }

    @Test
    void aFailingExitCodeFailsTheRun() throws Exception {
        SingleUserMode singleUser = fakePostgres("cat > /dev/null\necho 'postgres: could not access the data directory'\nexit 3\n");

        assertThatThrownBy(() -> singleUser.setPassword("postgres", "secret"))
                .isInstanceOf(IOException.class).hasMessageContaining("(exit 3)");
        assertThat(messages(Level.ERROR)).anyMatch(m -> m.contains("could not access the data directory"));
    }

    @Test
    void aRunThatNeverEndsIsKilledAtTheDeadline() throws Exception {
        Path pidFile = dir.resolve("pid");
        // Never reads its input nor closes its output: only the deadline ends it.
        SingleUserMode singleUser = fakePostgres("echo $$ > '" + pidFile + "'\necho 'PostgreSQL stand-alone backend 16.4'\n"
                + "exec sleep 600\n");

        assertThatThrownBy(() -> singleUser.setPassword("postgres", "secret"))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish within 2 s and was killed");

        assertThat(alive(pid(pidFile))).as("the killed program").isEmpty();
        assertThat(messages(Level.ERROR)).as("its output so far").anyMatch(m -> m.contains("PostgreSQL stand-alone backend"));
    }

    @Test
    void aChildLeftHoldingItsOutputIsNotWaitedFor() throws Exception {
        Path pidFile = dir.resolve("pid");
        SingleUserMode singleUser = fakePostgres("cat > /dev/null\nsleep 600 &\necho $! > '" + pidFile + "'\n"
                + "echo 'backend> '\n");
        try {
            assertThatCode(() -> singleUser.setPassword("postgres", "secret")).doesNotThrowAnyException();
        } finally {
            alive(pid(pidFile)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
