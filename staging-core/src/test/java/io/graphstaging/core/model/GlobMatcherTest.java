package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobMatcherTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "a/*.parquet        | a/x.parquet           | true",
            "a/*.parquet        | a/.parquet            | true",
            "a/*.parquet        | a/b/x.parquet         | false",
            "a/*.parquet        | a/x.parquet.tmp       | false",
            "a/*                | a/                    | true",
            "a/?.parquet        | a/1.parquet           | true",
            "a/?.parquet        | a/12.parquet          | false",
            "a/?.parquet        | a//.parquet           | false",
            "a/**/*.parquet     | a/x.parquet           | true",
            "a/**/*.parquet     | a/b/c/d/x.parquet     | true",
            "a/**/*.parquet     | b/x.parquet           | false",
            "a/**               | a/b/c                 | true",
            "**                 | anything/at/all       | true",
            "a/**/b             | a/b                   | true",
            "a/**/b             | a/x/y/b               | true",
            "a/**/b             | a/xb                  | false",
            "a/**b              | a/x/yb                | true",
            "a/**/b             | a/x/b                 | true",
            "a/**/b             | a/x/yb                | false",
            "**/x.parquet       | x.parquet             | true",
            "**/x.parquet       | d/e/x.parquet         | true",
            "**/x.parquet       | dx.parquet            | false",
            "a/**/**/b          | a/b                   | true",
            "a/**/**/b          | a/c/d/b               | true",
            "exact.parquet      | exact.parquet         | true",
            "exact.parquet      | exact.parquetx        | false",
            "with space*        | with space and more   | true",
            "it's*              | it's \"quoted\"       | true",
            "数据/*.parquet      | 数据/ü.parquet         | true",
            "[abc].parquet      | a.parquet             | false",
            "[abc].parquet      | [abc].parquet         | true",
            "a.b                | axb                   | false",
    })
    void matchesLikeS3Globs(String glob, String key, boolean expected) {
        assertThat(GlobMatcher.matches(glob.strip(), key.strip())).isEqualTo(expected);
    }

    @Test
    @Timeout(30) // a backtracking matcher would need longer than the age of the universe here
    void aHostileBacktrackingPatternTerminates() {
        assertThat(GlobMatcher.matches("**a".repeat(300) + "b", "a".repeat(1000))).isFalse();
        assertThat(GlobMatcher.matches("*a".repeat(400) + "b", "a".repeat(1000))).isFalse();
        assertThat(GlobMatcher.matches("*a".repeat(400), "a".repeat(1000))).isTrue();
    }

    @Test
    void regexMetacharactersAreLiteral() {
        assertThat(GlobMatcher.matches("a+(b)|c$^.parquet", "a+(b)|c$^.parquet")).isTrue();
        assertThat(GlobMatcher.matches("a+(b)|c$^.parquet", "aa(b)|c$^.parquet")).isFalse();
        assertThat(GlobMatcher.matches(".*", "anything")).isFalse();
    }
}
