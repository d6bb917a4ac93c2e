package io.graphstaging.ladybug.testing;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process to be killed in the middle of a materialize's graph write: it stages {@code <table>}
 * of graph {@code g} (node table {@code Entity}, or a relationship table {@code links} between
 * the Entity nodes 0, 1 and 2; two million rows, so the copy lasts), exports it and writes it
 * into the graph. As soon as the engine has its inserts file open (the copy has begun, after
 * the graph table, when this call creates it, was created and committed), the process prints
 * {@link #READY} and stops itself (SIGSTOP), so the copy cannot finish before the kill.
 *
 * <p>Arguments: the work directory (staging under {@code duck/}, graphs under {@code graphs/}),
 * the table to write and, optionally, {@link #REBUILD}. Linux only: it watches {@code /proc/self/fd}.
 */
public final class MaterializeUntilKilled {
    public static final String READY = "copying, kill me now";
    public static final GraphId GRAPH = GraphId.of("g");
    /** The third argument that makes the write a rebuild of the table. */
    public static final String REBUILD = "rebuild";

    private MaterializeUntilKilled() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TableName table = TableName.of(args[1]);
        boolean rebuild = args.length > 2 && args[2].equals(REBUILD);
        try (StagedTables staging = new StagedTables(dir.resolve("duck"));
             LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(dir.resolve("graphs"))
                     .withBufferPoolBytes(256L << 20).withMaxThreads(1), MemoryBudget.unlimited())) {
            // Keys from 3 on: new to an Entity table that holds 0, 1 and 2.
            staging.stage(GRAPH, table, table.value().equals("links")
                    ? "SELECT (i % 3)::BIGINT AS src, ((i + 1) % 3)::BIGINT AS dst, 'f' AS file_id FROM range(0, 2000000) t(i)"
                    : "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(3, 2000003) t(i)");
            Optional<TableName> entity = Optional.of(TableName.of("Entity"));
            GraphTarget target = sink.target(GRAPH, staging.schema(GRAPH, table), entity, entity, Optional.empty());
            try (ParquetFile inserts = staging.export(GRAPH, table, target)) {
                Thread watcher = new Thread(() -> stopWhenOpened(inserts.path()));
                watcher.setDaemon(true);
                watcher.start();
                sink.write(GRAPH, target, new GraphWrite(inserts, staging.none(target), staging.none(target), rebuild,
                        false, false, Optional.empty()));
            }
            throw new IllegalStateException("the write of " + table + " finished before the process was stopped");
        }
    }

    private static void stopWhenOpened(Path file) {
        try {
            while (!openHere(file.toRealPath())) {
                Thread.sleep(1);
            }
            System.out.println(READY);
            System.out.flush();
            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid())).start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("cannot watch " + file, e);
        }
    }

    private static boolean openHere(Path file) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException closed) {
                    return false; // closed while listed
                }
            });
        }
    }
}
