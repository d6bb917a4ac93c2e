package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine defect of 0.14.3, kept in view (docs/ladybug-binding.md): a transaction that
 * completed a {@code COPY} into a relationship table holding rows and then rolls back leaves the
 * table empty; with more rows (over ~130k source nodes) the rollback crashes the process
 * (SIGSEGV in {@code NodeGroup::rollbackInsert}), and so it does at any size when relationships
 * were updated before the copy; this runs in a child JVM.
 * Relationships made by {@code CREATE}, and a node table's {@code COPY}, roll back correctly; the
 * sink creates the relationships a sync adds to an existing table (TableCopy). When an engine
 * version makes the last line 3000, that detour can go.
 */
class RollbackAfterCopyTest {
    @TempDir
    Path tmp;

    @Test
    void aRolledBackCopyEmptiesTheRelationshipTableWhileCreateAndNodeCopiesRollBackCorrectly() throws Exception {
        Process child = child(tmp.resolve("copy"));
        String output = read(child);
        assertThat(child.exitValue()).as("the child ran to its end; it printed:%n%s", output).isZero();

        assertThat(output.lines().filter(l -> l.matches("[a-z-]+ \\d+")).toList()).containsExactly(
                "relationship-create 3000", "node-copy 1000", "relationship-copy 0");
    }

    /** An update of relationships before the copy: the rollback crashes the process, every time. */
    @Test
    void aRolledBackUpdateThenCopyCrashesTheProcess() throws Exception {
        Process child = child(tmp.resolve("set-then-copy"), RollbackAfterCopy.SET_THEN_COPY);
        String output = read(child);

        assertThat(output).as("the child's output").doesNotContain(RollbackAfterCopy.SURVIVED).contains("SIGSEGV");
        assertThat(child.exitValue()).isNotZero();
    }

    /** The child JVM, in {@code dir} (its crash report goes there, not into the working directory). */
    private static Process child(Path dir, String... mode) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:ErrorFile=" + dir.resolve("hs_err.log"),
                "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"), RollbackAfterCopy.class.getName(),
                dir.toString()));
        command.addAll(List.of(mode));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    private static String read(Process child) throws IOException, InterruptedException {
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
