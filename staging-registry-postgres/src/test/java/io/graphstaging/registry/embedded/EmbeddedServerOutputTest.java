package io.graphstaging.registry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The embedded PostgreSQL's own output: DEBUG while all is well, ERROR when it explains a failed start. */
class EmbeddedServerOutputTest {
    /** Lines that initdb, pg_ctl and the server print. */
    private static final List<String> POSTGRES_SAYS = List.of("The files belonging to this database system",
            "server started", "waiting for server", " LOG: ", "server stopped");

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void capture() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void release() {
        root.detachAppender(events);
    }

    private List<String> messages(Level atLeast) {
        return events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> debugOfTheServer() {
        return events.list.stream().filter(e -> e.getLevel() == Level.DEBUG)
                .filter(e -> e.getLoggerName().equals("io.graphstaging.registry.embedded.postgres"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aNewServerSaysNothingAboveDebug(@TempDir Path dir) {
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(dir.resolve("registry"), OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.THROWAWAY)) {
            assertThat(server.port()).isPositive();
        }

        for (String line : POSTGRES_SAYS) {
            assertThat(messages(Level.INFO)).as(line).noneMatch(m -> m.contains(line));
            assertThat(debugOfTheServer()).as(line).anyMatch(m -> m.contains(line));
        }
    }

    @Test
    void aFailedStartShowsWhatPostgresSaidAtError(@TempDir Path dir) throws Exception {
        Path notACluster = Files.createDirectories(dir.resolve("registry"));
        Files.writeString(notACluster.resolve("someone-elses.txt"), "not PostgreSQL's");

        assertThatThrownBy(() -> EmbeddedRegistryServer.start(notACluster, OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.THROWAWAY))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED));

        assertThat(messages(Level.WARN)).anyMatch(m -> m.contains("exists but is not empty"));
    }
}
