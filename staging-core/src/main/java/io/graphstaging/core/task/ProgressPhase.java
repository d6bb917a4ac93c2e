package io.graphstaging.core.task;

/** The phases long work reports ({@link TaskProgress#phase()}), in the order they usually come. */
public final class ProgressPhase {
    /** Expanding a pattern into objects (total unknown). */
    public static final String LISTING = "listing";
    /** Downloading objects to local disk (objects, then bytes as they arrive). */
    public static final String FETCHING = "fetching";
    /** Reading local files into a staging table (objects). */
    public static final String STAGING = "staging";
    /** Writing a staging table out for the graph (rows). */
    public static final String EXPORTING = "exporting";
    /** Working out what a sync must change (tables or rows). */
    public static final String PLANNING = "planning";
    /** Copying into the graph database (rows or tables). */
    public static final String LOADING = "loading";

    private ProgressPhase() {
    }
}
