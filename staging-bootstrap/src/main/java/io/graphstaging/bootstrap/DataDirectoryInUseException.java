package io.graphstaging.bootstrap;

/** A data directory is held by another server or command line ({@link DataDirectoryLock}). */
public final class DataDirectoryInUseException extends RuntimeException {
    private final String setting;

    public DataDirectoryInUseException(String setting, String owner) {
        super("The data directory " + setting + " is in use" + (owner.isEmpty() ? "" : ", " + owner)
                + ": stop that process first, or point " + setting + " at another directory");
        this.setting = setting;
    }

    /** The setting that names the directory in use. */
    public String setting() {
        return setting;
    }
}
