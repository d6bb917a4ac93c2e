package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine defect of 0.14.3, kept in view (docs/ladybug-binding.md): a transaction that
 * completed a {@code COPY} into a relationship table holding rows and then rolls back leaves the
 * table empty; with more rows (over ~130k source nodes) the rollback crashes the process
 * (SIGSEGV in {@code NodeGroup::rollbackInsert}), which is why this runs in a child JVM.
 * Relationships made by {@code CREATE}, and a node table's {@code COPY}, roll back correctly; the
 * sink creates the relationships a sync adds to an existing table (TableCopy). When an engine
 * version makes the last line 3000, that detour can go.
 */
class RollbackAfterCopyTest {
    @TempDir
    Path tmp;

    @Test
    void aRolledBackCopyEmptiesTheRelationshipTableWhileCreateAndNodeCopiesRollBackCorrectly() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RollbackAfterCopy.class.getName(),
                tmp.toString()).redirectErrorStream(true).start();
        String output = read(child);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the child ran to its end; it printed:%n%s", output).isZero();

        assertThat(output.lines().filter(l -> l.matches("[a-z-]+ \\d+")).toList()).containsExactly(
                "relationship-create 3000", "node-copy 1000", "relationship-copy 0");
    }

    private static String read(Process child) throws IOException {
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
