package io.graphstaging.core.snapshot;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A complete snapshot of one graph's database files, as its {@code latest} pointer names it.
 * {@link #pointer()} and {@link #parse} are the pointer's text form, the same for every store:
 * a first line {@code graph-snapshot 1 <id>}, then one line {@code <sha256> <size> <name>} per file.
 */
public record Snapshot(GraphId graph, String id, List<SnapshotFile> files) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final String HEADER = "graph-snapshot 1 ";

    public Snapshot {
        Objects.requireNonNull(graph, "graph");
        if (id == null || !ID.matcher(id).matches()) {
            throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "Invalid snapshot id of graph " + graph);
        }
        files = List.copyOf(files);
    }

    public String pointer() {
        StringBuilder text = new StringBuilder(HEADER).append(id).append('\n');
        for (SnapshotFile file : files) {
            text.append(file.sha256()).append(' ').append(file.size()).append(' ').append(file.name()).append('\n');
        }
        return text.toString();
    }

    public static Snapshot parse(GraphId graph, String pointer) {
        String[] lines = pointer.split("\n");
        if (lines.length == 0 || !lines[0].startsWith(HEADER)) {
            throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "The latest snapshot pointer of graph " + graph
                    + " is not a snapshot pointer");
        }
        List<SnapshotFile> files = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split(" ", 3);
            if (parts.length != 3) {
                throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "The latest snapshot pointer of graph " + graph
                        + " has a malformed line " + (i + 1));
            }
            long size;
            try {
                size = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "The latest snapshot pointer of graph " + graph
                        + " has a malformed size on line " + (i + 1));
            }
            files.add(new SnapshotFile(parts[2], size, parts[0]));
        }
        return new Snapshot(graph, lines[0].substring(HEADER.length()).strip(), files);
    }
}
