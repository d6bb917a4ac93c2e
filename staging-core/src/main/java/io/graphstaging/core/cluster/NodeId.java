package io.graphstaging.core.cluster;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.regex.Pattern;

/**
 * A server node of a cluster, e.g. {@code node-2}: stable across its restarts (unlike a task owner),
 * so that a node that comes back takes its own graph leases again at once.
 */
public record NodeId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    public NodeId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Invalid node id: 1 to 128 letters, digits and . _ : @ - expected.");
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
