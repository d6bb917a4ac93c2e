package io.graphstaging.ladybug.binding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Extracts the engine ({@code liblbug.so}) and the glue ({@code liblbug_jni.so}) from the jar into
 * one fresh temp directory and loads the glue, which finds the engine through its
 * {@code $ORIGIN} rpath. Once both are loaded the directory is removed: on Linux a mapped library
 * stays usable after its file is unlinked, so nothing is left behind even if the JVM is killed.
 */
final class NativeLibraryLoader {
    private static final String RESOURCE_DIR = "/io/graphstaging/ladybug/native/";
    private static final List<String> LIBRARIES = List.of("liblbug.so", "liblbug_jni.so");

    private NativeLibraryLoader() {}

    /** Called once, from {@link LbugNative}'s class initialiser. */
    static void load() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            throw new LadybugException("The LadybugDB binding is built for Linux only, not " + System.getProperty("os.name"));
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("lbug-jni-");
            for (String name : LIBRARIES) {
                try (InputStream in = NativeLibraryLoader.class.getResourceAsStream(RESOURCE_DIR + name)) {
                    if (in == null) {
                        throw new LadybugException("Native library " + name + " is missing from the staging-ladybug jar "
                                + "(the Maven build of staging-ladybug produces it)");
                    }
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new LadybugException("Cannot extract the LadybugDB native libraries: " + e.getMessage(), e);
        }
        try {
            System.load(dir.resolve("liblbug_jni.so").toString());
        } catch (UnsatisfiedLinkError e) {
            throw new LadybugException("Cannot load the LadybugDB native library: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new LadybugException("Cannot remove the extracted native libraries in " + dir + ": " + e.getMessage(), e);
        }
    }
}
