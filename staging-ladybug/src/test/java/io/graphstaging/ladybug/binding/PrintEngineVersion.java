package io.graphstaging.ladybug.binding;

/** Loads the binding in a JVM of its own and prints the engine's version (NativeLoadingTest). */
public final class PrintEngineVersion {
    private PrintEngineVersion() {}

    public static void main(String[] args) {
        System.out.println(Database.engineVersion());
    }
}
