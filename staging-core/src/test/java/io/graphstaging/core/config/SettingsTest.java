package io.graphstaging.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private enum Store { S3, LOCAL }

    @Test
    void unsetAndBlankVariablesGiveTheDefaults() {
        Settings settings = Settings.of(Map.of("STAGING_HTTP_PORT", "  "));

        assertThat(settings.integer("STAGING_HTTP_PORT", 8001, 0, 65535)).isEqualTo(8001);
        assertThat(settings.text("STAGING_HTTP_HOST", "0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(settings.size("DUCKDB_MEMORY_LIMIT", ByteSize.ofGibibytes(2), ByteSize.ofBytes(1),
                ByteSize.ofGibibytes(1024))).isEqualTo(ByteSize.ofGibibytes(2));
        settings.requireValid();
    }

    @Test
    void everyProblemIsReportedAtOnceWithoutSecretValues() {
        Settings settings = Settings.of(Map.of(
                "STAGING_HTTP_PORT", "eighty",
                "DUCKDB_MEMORY_LIMIT", "lots",
                "STAGING_QUERY_TIMEOUT_SECONDS", "0",
                "STAGING_OBJECT_STORE", "ftp",
                "STAGING_API_KEY", "s3cr3t-value"));

        settings.integer("STAGING_HTTP_PORT", 8001, 0, 65535);
        settings.size("DUCKDB_MEMORY_LIMIT", ByteSize.ofGibibytes(2), ByteSize.ofBytes(1), ByteSize.ofGibibytes(1024));
        settings.duration("STAGING_QUERY_TIMEOUT_SECONDS", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1));
        settings.choice("STAGING_OBJECT_STORE", Store.LOCAL);
        assertThat(settings.secret("STAGING_API_KEY")).hasValueSatisfying(s -> assertThat(s).hasToString("***"));

        assertThatThrownBy(settings::requireValid)
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(4);
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("STAGING_HTTP_PORT", "eighty"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("DUCKDB_MEMORY_LIMIT", "lots"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("STAGING_QUERY_TIMEOUT_SECONDS", "from 1 to 86400"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("STAGING_OBJECT_STORE", "[s3, local]"));
                    assertThat(e.getMessage()).doesNotContain("s3cr3t");
                });
    }

    @Test
    void sizesTakeOneSyntaxWithDecimalAndBinaryUnits() {
        assertThat(ByteSize.parse("512MiB")).contains(ByteSize.ofMebibytes(512));
        assertThat(ByteSize.parse("2GB")).contains(ByteSize.ofBytes(2_000_000_000L));
        assertThat(ByteSize.parse("2gb")).contains(ByteSize.ofBytes(2_000_000_000L));
        assertThat(ByteSize.parse("1.5GiB")).contains(ByteSize.ofBytes(3L << 29));
        assertThat(ByteSize.parse("1048576")).contains(ByteSize.ofMebibytes(1));
        assertThat(ByteSize.parse("10 KB")).contains(ByteSize.ofBytes(10_000));
        assertThat(ByteSize.parse("2 parsecs")).isEmpty();
        assertThat(ByteSize.parse("-1GB")).isEmpty();
        assertThat(ByteSize.parse("99999999999TiB")).isEmpty();
        assertThat(ByteSize.ofMebibytes(512)).hasToString("512MiB");
        assertThat(ByteSize.ofBytes(1000)).hasToString("1000B");
    }

    @Test
    void durationsAreWholeNumbersInTheUnitTheNameEndsWith() {
        Settings settings = Settings.of(Map.of("A_MS", "250", "B_SECONDS", "30", "C_MINUTES", "2", "D_HOURS", "1"));

        assertThat(settings.duration("A_MS", Duration.ZERO, Duration.ZERO, Duration.ofDays(1))).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.duration("B_SECONDS", Duration.ZERO, Duration.ZERO, Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.duration("C_MINUTES", Duration.ZERO, Duration.ZERO, Duration.ofDays(1))).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.duration("D_HOURS", Duration.ZERO, Duration.ZERO, Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> settings.duration("E_TIMEOUT", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVariableIsReadOnce() {
        Settings settings = Settings.of(Map.of("DUCKDB_STAGING_DIR", "/data"));
        settings.path("DUCKDB_STAGING_DIR", Path.of("x"));

        assertThatThrownBy(() -> settings.path("DUCKDB_STAGING_DIR", Path.of("x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DUCKDB_STAGING_DIR");
    }

    @Test
    void unreadVariablesWithThePlatformsPrefixesAreListed() {
        Settings settings = Settings.of(Map.of("STAGING_HTTP_PORT", "8002", "STAGING_HTTP_PROT", "8003",
                "DUCKDB_MEMORY_LIMT", "1GB", "HOME", "/root", "LBUG_DATABASE_PATH", "/graphs"));
        settings.integer("STAGING_HTTP_PORT", 8001, 0, 65535);
        settings.path("LBUG_DATABASE_DIR", Path.of("x"));

        assertThat(settings.unreadVariables()).containsExactly("DUCKDB_MEMORY_LIMT", "STAGING_HTTP_PROT");
    }

    @Test
    void theOriginalServersNamesAreAcceptedAndAConflictIsAProblem() {
        Settings alias = Settings.of(Map.of("DUCKDB_STAGING_PATH", "/old"));
        assertThat(alias.path("DUCKDB_STAGING_DIR", Path.of("x"))).isEqualTo(Path.of("/old"));
        alias.requireValid();

        Settings both = Settings.of(Map.of("DUCKDB_STAGING_PATH", "/old", "DUCKDB_STAGING_DIR", "/new"));
        assertThat(both.path("DUCKDB_STAGING_DIR", Path.of("x"))).isEqualTo(Path.of("/new"));
        assertThatThrownBy(both::requireValid).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("DUCKDB_STAGING_PATH");
    }

    @Test
    void flagsAndChoices() {
        Settings settings = Settings.of(Map.of("X_FLAG", "TRUE", "X_STORE", "S3", "Y_FLAG", "yes"));

        assertThat(settings.flag("X_FLAG", false)).isTrue();
        assertThat(settings.choice("X_STORE", Store.LOCAL)).isEqualTo(Store.S3);
        assertThat(settings.flag("Y_FLAG", false)).isFalse();
        assertThat(settings.problems()).singleElement().asString().contains("Y_FLAG", "true or false");
    }
}
