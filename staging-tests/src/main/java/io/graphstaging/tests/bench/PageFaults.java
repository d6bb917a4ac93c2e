package io.graphstaging.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's minor page faults so far, from {@code /proc/self/stat} (0 where there is no such
 * file). Worth counting beside times: in the VMs these benchmarks run on, the first touch of a
 * page costs about 13 us (a 512 MiB buffer takes 1.7 s to touch once, 8 ms the second time), so
 * memory an engine gives back to the system and takes again shows up as time.
 */
public final class PageFaults {
    private static final Path STAT = Path.of("/proc/self/stat");

    private PageFaults() {}

    public static long minor() {
        if (!Files.exists(STAT)) {
            return 0;
        }
        try {
            String stat = Files.readString(STAT);
            // Fields after the command name (which may hold spaces) start at "state"; minflt is the 10th field.
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
