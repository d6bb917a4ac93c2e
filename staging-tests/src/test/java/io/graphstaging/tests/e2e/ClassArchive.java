package io.graphstaging.tests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A class-data-sharing archive (JDK CDS) of a runnable jar's classes: a JVM started with it maps the
 * classes an earlier run loaded instead of reading, parsing and verifying them again, a large part
 * of a server's or command's start. The suite starts the server jar and the command line dozens
 * of times; what the processes do is the same with or without it.
 *
 * <p>Made once per build of the jar (its name carries the jar's size and time) by a training run,
 * one process that dumps its loaded classes when it exits. The test JVMs running side by side
 * share it: one trains under a file lock, the others start without the archive meanwhile.
 * Class-data-sharing messages are switched off: the command line's standard output is asserted.
 * {@code -Dtest.classArchive=false} starts every process without it (to compare).
 */
final class ClassArchive {
    private static final Path DIR = Path.of("target", "class-archives").toAbsolutePath();
    /** CDS warnings (a class it cannot archive, an archive it cannot map) go to standard output otherwise. */
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    /** One training at a time in this JVM (the file lock excludes the other JVMs). */
    private static final Object TRAINING = new Object();

    private final Path archive;
    private final boolean used = !"false".equals(System.getProperty("test.classArchive"));

    private ClassArchive(Path archive) {
        this.archive = archive;
    }

    /** The archive of {@code jar} as it is now built. */
    static ClassArchive of(Path jar) {
        try {
            String name = jar.getFileName().toString().replace(".jar", "");
            return new ClassArchive(DIR.resolve(name + "-" + Files.size(jar) + "-"
                    + Files.getLastModifiedTime(jar).toMillis() + ".jsa"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM options that use the archive, or none while it does not exist. */
    List<String> options() {
        return used && Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, QUIET.get(0), QUIET.get(1))
                : List.of();
    }

    /**
     * The environment of a training run: {@code env}'s registry and object store, but data
     * directories of its own under {@code dir}, so that the training leaves nothing a test sees.
     */
    static Map<String, String> trainingEnvironment(Map<String, String> env, Path dir) {
        Map<String, String> own = new HashMap<>(env);
        own.put("DUCKDB_STAGING_DIR", dir.resolve("duckdb-staging").toString());
        own.put("LBUG_DATABASE_DIR", dir.resolve("lbug-dbs").toString());
        own.remove("STAGING_SPOOL_DIR");
        own.computeIfPresent("STAGING_OBJECT_STORE_DIR", (name, value) -> dir.resolve("object-store").toString());
        return own;
    }

    /** A training run: given the JVM options that make it dump its classes at exit, runs the jar to its end. */
    interface Training {
        void run(List<String> jvmOptions) throws IOException;
    }

    /**
     * Makes the archive with {@code training} unless it exists or another test JVM is making it.
     * A training that ends without writing an archive (its JVM killed) is not repeated for this
     * build of the jar: the processes start without it, as they did before there was one.
     */
    void ensure(Training training) {
        Path failed = archive.resolveSibling(archive.getFileName() + ".failed");
        if (!used || Files.isRegularFile(archive) || Files.exists(failed)) {
            return;
        }
        synchronized (TRAINING) {
            try {
                Files.createDirectories(DIR);
                try (FileChannel channel = FileChannel.open(DIR.resolve(archive.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = channel.tryLock()) {
                    if (lock == null || Files.isRegularFile(archive)) {
                        return;
                    }
                    Path dumped = DIR.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                    Files.deleteIfExists(dumped);
                    training.run(List.of("-XX:ArchiveClassesAtExit=" + dumped, QUIET.get(0), QUIET.get(1)));
                    if (Files.isRegularFile(dumped)) {
                        Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.createFile(failed);
                        System.out.println("No class archive written by the training run: " + archive.getFileName()
                                + " stays absent, processes start without it");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
