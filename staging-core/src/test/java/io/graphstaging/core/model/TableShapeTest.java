package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableShapeTest {
    private static final TableName TABLE = TableName.of("t");
    private static final SourceFile FILE = new SourceFile(ObjectUri.parse("s3://bucket/f.parquet"), Path.of("f.parquet"), Optional.empty());

    @Test
    void identifierMakesANodeTableKeyedByIt() {
        TableShape shape = TableShape.fromSource(TABLE, FILE,
                List.of(new Column("name", "VARCHAR"), new Column("identifier", "BIGINT")), false);

        assertThat(shape.kind()).isEqualTo(TableKind.NODE);
        assertThat(shape.keyColumns()).containsExactly("identifier");
        assertThat(shape.columns()).extracting(Column::name).containsExactly("name", "identifier");
    }

    @Test
    void fromAndToMakeARelationshipTableWithSrcDstFirst() {
        TableShape shape = TableShape.fromSource(TABLE, FILE, List.of(new Column("weight", "DOUBLE"),
                new Column("to", "VARCHAR"), new Column("from", "VARCHAR")), true);

        assertThat(shape.kind()).isEqualTo(TableKind.RELATIONSHIP);
        assertThat(shape.columns()).extracting(Column::name).containsExactly("src", "dst", "weight", "file_id");
        assertThat(shape.dataColumns()).extracting(Column::name).containsExactly("src", "dst", "weight");
        assertThat(shape.keyColumns()).containsExactly("src", "dst");
        assertThat(shape.sourceNameOf("src")).isEqualTo("from");
        assertThat(shape.sourceNameOf("weight")).isEqualTo("weight");
    }

    @Test
    void otherColumnsMakeAPlainTableWithoutKey() {
        TableShape shape = TableShape.fromSource(TABLE, FILE, List.of(new Column("from", "VARCHAR")), false);

        assertThat(shape.kind()).isEqualTo(TableKind.PLAIN);
        assertThat(shape.keyColumns()).isEmpty();
    }

    @Test
    void aFileFitsWhenItHasTheKeysNoExtraColumnAndTheSameTypes() {
        TableShape shape = TableShape.fromSource(TABLE, FILE,
                List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR")), false);

        assertThat(shape.fit(TABLE, FILE, List.of(new Column("identifier", "BIGINT"))))
                .containsExactly(Optional.of("identifier"), Optional.empty());
        assertThatThrownBy(() -> shape.fit(TABLE, FILE, List.of(new Column("name", "VARCHAR"))))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
                    assertThat(e.getMessage()).contains("s3://bucket/f.parquet", "identifier");
                });
        assertThatThrownBy(() -> shape.fit(TABLE, FILE, List.of(new Column("identifier", "INTEGER"))))
                .hasMessageContaining("INTEGER").hasMessageContaining("BIGINT");
        assertThatThrownBy(() -> shape.fit(TABLE, FILE, List.of(new Column("identifier", "BIGINT"), new Column("x", "INTEGER"))))
                .hasMessageContaining("[x]");
    }

    @Test
    void aRelationshipFileWithSrcOrAFileWithItsOwnFileIdIsRefused() {
        assertThatThrownBy(() -> TableShape.fromSource(TABLE, FILE, List.of(new Column("from", "VARCHAR"),
                new Column("to", "VARCHAR"), new Column("src", "VARCHAR")), false)).hasMessageContaining("'src'");
        assertThatThrownBy(() -> TableShape.fromSource(TABLE, FILE, List.of(new Column("identifier", "VARCHAR"),
                new Column("file_id", "VARCHAR")), true)).hasMessageContaining("file_id");
    }

    @Test
    void aSpoolDirectoryHasOneFolderPerGraphUnderItsRoot() {
        SpoolDirectory spool = new SpoolDirectory(Path.of("/tmp/spool/../spool"));

        assertThat(spool.of(GraphId.of("g1"))).isEqualTo(Path.of("/tmp/spool/g1"));
    }
}
