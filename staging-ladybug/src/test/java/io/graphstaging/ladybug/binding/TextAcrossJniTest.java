package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text crosses JNI as UTF-8 bytes: characters outside the BMP and NUL, which JNI's modified UTF-8
 * encodes differently from UTF-8 (the engine refused them: "UTF-8 string contains an illegal byte
 * sequence"), arrive intact in both directions.
 */
class TextAcrossJniTest {
    private static final String EMOJI = "😀 Zoë 𝄞";

    @TempDir
    Path tmp;

    private Database db;
    private Connection c;

    @BeforeEach
    void open() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir 😀"));
        db = Database.open(dir.resolve("text.lbug"), new DatabaseConfig(128L << 20, 1, false));
        c = db.connect();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void emojiInNamesAndValues() {
        c.execute("CREATE NODE TABLE `T😀`(`id 😀` INT64, `name 𝄞` STRING, PRIMARY KEY(`id 😀`))");
        c.execute("CREATE (:`T😀` {`id 😀`: 1, `name 𝄞`: '" + EMOJI + "'})");
        try (QueryResult r = c.query("MATCH (t:`T😀`) RETURN t.`name 𝄞` AS `value 😀`, t.`id 😀`")) {
            assertThat(r.columnNames()).containsExactly("value 😀", "t.id 😀");
            assertThat(r.next().values()).containsExactly(EMOJI, 1L);
        }
        try (QueryResult r = c.query("CALL table_info('T😀') RETURN name")) {
            assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly("id 😀", "name 𝄞");
        }
        assertThat(Files.exists(db.path())).isTrue();
    }

    @Test
    void parametersCarryEmojiAndNul() {
        String text = "a\u0000b " + EMOJI;
        try (PreparedStatement p = c.prepare("RETURN $xé AS x, size($xé) AS n")) {
            try (QueryResult r = p.execute(Map.of("xé", text))) {
                Row row = r.next();
                assertThat(row.get(0)).isEqualTo(text);
                assertThat(row.getLong(1)).isEqualTo(text.codePointCount(0, text.length()));
            }
        }
    }

    @Test
    void nulPassesThroughCypherTextAndNames() {
        try (QueryResult r = c.query("RETURN 'a\u0000b' AS `c\u0000d`, size('a\u0000b')")) {
            assertThat(r.columnNames().get(0)).isEqualTo("c\u0000d");
            assertThat(r.next().values()).containsExactly("a\u0000b", 3L);
        }
        c.execute("CREATE NODE TABLE N(id INT64, `v\u0000x` STRING, PRIMARY KEY(id))");
        c.execute("CREATE (:N {id: 1, `v\u0000x`: 'y\u0000z'})");
        try (QueryResult r = c.query("MATCH (n:N) RETURN n.`v\u0000x`")) {
            assertThat(r.columnNames()).containsExactly("n.v\u0000x");
            assertThat(r.next().getString(0)).isEqualTo("y\u0000z");
        }
    }

    @Test
    void engineMessagesKeepTheirCharacters() {
        assertThatThrownBy(() -> c.query("MATCH (n:`Missing 😀`) RETURN n")).isInstanceOf(LadybugException.class)
                .hasMessageContaining("Missing 😀");
        assertThatThrownBy(() -> c.query("RETURN 'x\u0000")).isInstanceOf(LadybugException.class)
                .hasMessageContaining("Parser exception");
        assertThat(c.queryLong("RETURN 1")).isEqualTo(1);
    }
}
