package io.graphstaging.core.sync;

import java.util.List;

/** A page of the rejects a materialize kept, and how many it kept. */
public record RejectPage(long total, List<Reject> rejects) {
    public RejectPage {
        rejects = List.copyOf(rejects);
    }
}
