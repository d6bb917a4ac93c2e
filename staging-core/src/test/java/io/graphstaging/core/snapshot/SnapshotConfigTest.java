package io.graphstaging.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.cluster.ClusterConfig;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.ObjectUri;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotConfigTest {
    private static SnapshotConfig read(Settings settings) {
        return SnapshotConfig.from(settings, ClusterConfig.from(settings));
    }

    @Test
    void offOnASingleNodeOnInAClusterWithItsLocation() {
        assertThat(read(Settings.of(Map.of())).enabled()).isFalse();

        Settings cluster = Settings.of(Map.of("STAGING_NODE_ID", "node-1",
                "STAGING_GRAPH_SNAPSHOT_URI", "s3://snaps/cluster/"));
        SnapshotConfig config = read(cluster);
        assertThat(cluster.problems()).isEmpty();
        assertThat(config.enabled()).isTrue();
        assertThat(config.location()).contains(new ObjectUri("snaps", "cluster"));

        Settings forcedOff = Settings.of(Map.of("STAGING_NODE_ID", "node-1", "STAGING_GRAPH_SNAPSHOTS", "false"));
        assertThat(read(forcedOff).enabled()).isFalse();
        assertThat(forcedOff.problems()).isEmpty();
    }

    @Test
    void snapshotsWithoutALocationOrWithABadOneAreAProblem() {
        Settings missing = Settings.of(Map.of("STAGING_GRAPH_SNAPSHOTS", "true"));
        read(missing);
        assertThat(missing.problems()).singleElement().asString().contains("STAGING_GRAPH_SNAPSHOT_URI");

        Settings bad = Settings.of(Map.of("STAGING_GRAPH_SNAPSHOTS", "true", "STAGING_GRAPH_SNAPSHOT_URI", "/tmp/x"));
        read(bad);
        assertThat(bad.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).contains("STAGING_GRAPH_SNAPSHOT_URI"));
    }
}
