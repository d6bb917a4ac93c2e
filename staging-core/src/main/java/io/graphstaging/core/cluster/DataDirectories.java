package io.graphstaging.core.cluster;

import java.nio.file.Path;
import java.util.Map;

/**
 * The directories this node writes its graphs' files in, by the setting that names each (the
 * staging and graph databases'): a node that cannot write them cannot serve.
 */
public record DataDirectories(Map<String, Path> bySetting) {
    public DataDirectories {
        bySetting = Map.copyOf(bySetting);
    }
}
