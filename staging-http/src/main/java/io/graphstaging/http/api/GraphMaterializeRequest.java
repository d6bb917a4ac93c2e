package io.graphstaging.http.api;

import java.util.List;

/** Body of {@code POST /databases/{graph_id}/materialize}; every field is optional. */
public record GraphMaterializeRequest(List<String> tables, String mode, Boolean ignoreErrors, Boolean cascade,
                                      Boolean dryRun, Boolean verify) {
    public static GraphMaterializeRequest empty() {
        return new GraphMaterializeRequest(null, null, null, null, null, null);
    }
}
