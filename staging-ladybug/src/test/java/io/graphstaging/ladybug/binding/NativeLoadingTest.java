package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The binding loads in a fresh JVM, also when the environment asks for eager symbol binding. */
class NativeLoadingTest {
    @Test
    void loadsWithLdBindNowSet() throws IOException, InterruptedException {
        // The engine is a Node addon: with lazy binding its napi_* references are never resolved,
        // with LD_BIND_NOW each must have a definition when the library loads.
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrintEngineVersion.class.getName()))
                .redirectErrorStream(true);
        builder.environment().put("LD_BIND_NOW", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as(output).startsWith("0.14.3");
        assertThat(process.exitValue()).isZero();
    }
}
