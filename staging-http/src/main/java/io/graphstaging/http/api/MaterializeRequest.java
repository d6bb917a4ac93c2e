package io.graphstaging.http.api;

import java.util.List;

/**
 * Body of {@code POST .../materialize}; every field is optional: {@code mode} {@code sync},
 * {@code ignore_errors} false, {@code cascade}, {@code dry_run} and {@code verify} false.
 */
public record MaterializeRequest(String mode, Boolean ignoreErrors, List<String> fileIds, String fromNodeTable,
                                 String toNodeTable, Boolean cascade, Boolean dryRun, Boolean verify) {
    public static MaterializeRequest empty() {
        return new MaterializeRequest(null, null, null, null, null, null, null, null);
    }
}
