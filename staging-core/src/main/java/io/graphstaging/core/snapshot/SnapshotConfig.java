package io.graphstaging.core.snapshot;

import io.graphstaging.core.cluster.ClusterConfig;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.ObjectUri;
import java.util.Optional;

/**
 * Whether graph snapshots are kept, and where.
 *
 * @param enabled  {@code STAGING_GRAPH_SNAPSHOTS}: off by default on a single node, on when the
 *                 node is part of a cluster ({@code STAGING_NODE_ID} set)
 * @param location {@code STAGING_GRAPH_SNAPSHOT_URI}, {@code s3://bucket/prefix}: required when
 *                 enabled; a graph's snapshots live under {@code <prefix>/<graph_id>/snapshots/}
 */
public record SnapshotConfig(boolean enabled, Optional<ObjectUri> location) {
    public SnapshotConfig {
        if (enabled && location.isEmpty()) {
            throw new IllegalArgumentException("Enabled snapshots need a location");
        }
    }

    public static SnapshotConfig off() {
        return new SnapshotConfig(false, Optional.empty());
    }

    public static SnapshotConfig from(Settings settings, ClusterConfig cluster) {
        boolean enabled = settings.flag("STAGING_GRAPH_SNAPSHOTS", cluster.clustered());
        Optional<ObjectUri> location = Optional.empty();
        Optional<String> text = settings.optionalText("STAGING_GRAPH_SNAPSHOT_URI");
        if (text.isPresent()) {
            try {
                location = Optional.of(ObjectUri.parse(text.get().replaceAll("/+$", "")));
            } catch (RuntimeException e) {
                settings.problem("STAGING_GRAPH_SNAPSHOT_URI must be s3://bucket/prefix: " + e.getMessage());
                return off();
            }
        }
        if (enabled && location.isEmpty()) {
            settings.problem("Graph snapshots are on (STAGING_GRAPH_SNAPSHOTS, or STAGING_NODE_ID set):"
                    + " STAGING_GRAPH_SNAPSHOT_URI must name where they go, e.g. s3://bucket/snapshots");
            return off();
        }
        return new SnapshotConfig(enabled, location);
    }
}
