package io.graphstaging.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One process at a time on a set of data directories: a lock file ({@value #FILE_NAME}) in each,
 * held from start to shutdown by the server or the command line. The engines' own locks come and
 * go as idle graphs close, so they cannot keep a second process out; this one can. The lock is
 * the operating system's (released when the process dies, even by a kill); the file stays, and
 * its text says who holds it.
 */
public final class DataDirectoryLock implements AutoCloseable {
    public static final String FILE_NAME = ".graph-staging.lock";

    private final List<FileChannel> channels;

    private DataDirectoryLock(List<FileChannel> channels) {
        this.channels = List.copyOf(channels);
    }

    /**
     * Locks every directory (creating it if missing), or none.
     *
     * @param directories the directories by the setting that names them (messages name the setting, not the path)
     * @param holder      who takes the lock ("server", "command line"), written into the file
     * @throws DataDirectoryInUseException when another process (or another assembly in this one) holds one
     * @throws UncheckedIOException        when a directory or its lock file cannot be written
     */
    public static DataDirectoryLock acquire(Map<String, Path> directories, String holder) {
        List<FileChannel> taken = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> directory : directories.entrySet()) {
                taken.add(lock(directory.getKey(), directory.getValue(), holder));
            }
            return new DataDirectoryLock(taken);
        } catch (RuntimeException e) {
            closeAll(taken, e);
            throw e;
        }
    }

    private static FileChannel lock(String setting, Path directory, String holder) {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the lock file " + FILE_NAME + " in " + setting + ": "
                    + e.getClass().getSimpleName(), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this process holds it already, through another channel
            }
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new DataDirectoryInUseException(setting, owner);
            }
            byte[] text = ("held by the graph-staging " + holder + " (pid " + ProcessHandle.current().pid()
                    + ") since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            channel.force(false);
            return channel;
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("Cannot lock " + FILE_NAME + " in " + setting + ": "
                    + e.getClass().getSimpleName(), e);
            closeAll(List.of(channel), failure);
            throw failure;
        }
    }

    /** Releases every lock (closing a channel releases its lock); the files stay. */
    @Override
    public void close() {
        IllegalStateException failure = new IllegalStateException("Releasing the data directory locks failed");
        closeAll(channels, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeAll(List<FileChannel> channels, Throwable collector) {
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                collector.addSuppressed(e);
            }
        }
    }
}
