package io.graphstaging.ladybug.binding;

/**
 * The JNI entry points of {@code liblbug_jni.so} (src/main/native/lbug_jni.cpp). Handles are
 * native pointers owned by the typed wrappers of this package, which guarantee that a handle is
 * never used after it was freed. Every method throws {@link LadybugException} for engine errors.
 * Text crosses as UTF-8 bytes ({@link NativeValues#utf8}), never as JNI's modified UTF-8.
 */
final class LbugNative {
    static {
        NativeLibraryLoader.load();
    }

    private LbugNative() {}

    static native String engineVersion();

    /**
     * Checks on a scratch database under {@code directory} that the engine was built with the
     * constants the glue was compiled with and that it calls the glue's float size estimate
     * (engine_check.cpp, interposed.h); {@code null} when it does, else what differs.
     */
    static native String checkEngine(byte[] directory);

    /** Calls of the glue's FLOAT/DOUBLE segment size estimate since the library was loaded. */
    static native long floatSegmentEstimates();

    /** FLOAT/DOUBLE chunks holding NaN flushed with the glue's widened statistics since loading. */
    static native long naNChunksFlushed();

    /** How many chunks the glue stored uncompressed to keep a signed integer type's minimum (integer_minimum.cpp). */
    static native long integerMinimumChunksUncompressed();

    /** How many in-place updates of bit-packed chunks the glue refused because they held such a minimum. */
    static native long integerMinimumInPlaceUpdatesRefused();

    /** Switches the glue's float size estimate off (the engine's own runs): for measurements only. */
    static native void setFloatSegmentEstimateEnabled(boolean enabled);

    /**
     * Switches the glue's integer-minimum check off (the engine alone decides, and cuts minimums
     * again): for measuring the check's cost only.
     */
    static native void setIntegerMinimumCheckEnabled(boolean enabled);

    static native long openDatabase(byte[] path, long bufferPoolBytes, long maxThreads, boolean compression,
                                    boolean readOnly, long maxDbSizeBytes);

    static native void closeDatabase(long database);

    static native long openConnection(long database);

    static native void closeConnection(long connection);

    static native long query(long connection, byte[] cypher);

    static native long prepare(long connection, byte[] cypher);

    static native void closePrepared(long prepared);

    static native long execute(long connection, long prepared, byte[][] names, EngineParameter[] values);

    /** Asks the connection's running query to stop; safe from any thread while the connection is open. */
    static native void interrupt(long connection);

    /** A time limit for each following query of the connection; 0 for none. */
    static native void setQueryTimeout(long connection, long millis);

    static native void closeResult(long result);

    /** UTF-8 bytes of each name. */
    static native byte[][] columnNames(long result);

    /** UTF-8 bytes of each type's engine name. */
    static native byte[][] columnTypes(long result);

    static native boolean hasNext(long result);

    /** The next row's values, made by {@link NativeValues}. */
    static native Object[] next(long result);

    static native long rowCount(long result);

    /** Per statement of the text, parsed only: its statement type, then the types of its clauses. */
    static native int[][] statementShapes(byte[] cypher);

    static native boolean preparedReadOnly(long prepared);
}
