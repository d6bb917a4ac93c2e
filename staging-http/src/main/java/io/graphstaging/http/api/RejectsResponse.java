package io.graphstaging.http.api;

import java.util.List;

/** A page of the rejects the last materialize kept, and how many it kept. */
public record RejectsResponse(long total, List<RejectInfo> rejects) {}
