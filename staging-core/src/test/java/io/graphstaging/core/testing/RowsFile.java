package io.graphstaging.core.testing;

import io.graphstaging.core.model.Column;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory staging store's source file format: a header line, a line of
 * {@code name:type} columns, then one line per row; fields are tab-separated and URL-encoded,
 * {@code \N} is NULL. Types: {@code BIGINT}, {@code DOUBLE}, {@code BOOLEAN}, {@code VARCHAR}.
 */
public final class RowsFile {
    private static final String MAGIC = "GSROWS v1";
    private static final String NULL = "\\N";

    /** A file's columns and rows. */
    public record Content(List<Column> columns, List<List<Object>> rows) {}

    private RowsFile() {}

    public static byte[] encode(List<Column> columns, List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(MAGIC).append('\n');
        List<String> header = new ArrayList<>();
        for (Column c : columns) {
            header.add(enc(c.name()) + ":" + c.type());
        }
        out.append(String.join("\t", header)).append('\n');
        for (List<Object> row : rows) {
            List<String> fields = new ArrayList<>();
            for (Object v : row) {
                fields.add(v == null ? NULL : enc(v.toString()));
            }
            out.append(String.join("\t", fields)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void write(Path file, List<Column> columns, List<List<Object>> rows) {
        try {
            Files.write(file, encode(columns, rows));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file, e);
        }
    }

    /** Reads a file; {@link IllegalArgumentException} when it is not in this format. */
    public static Content read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).equals(MAGIC)) {
            throw new IllegalArgumentException("not a rows file");
        }
        List<Column> columns = new ArrayList<>();
        if (!lines.get(1).isEmpty()) {
            for (String field : lines.get(1).split("\t", -1)) {
                int colon = field.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("bad column " + field);
                }
                columns.add(new Column(dec(field.substring(0, colon)), field.substring(colon + 1)));
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] fields = line.split("\t", -1);
            if (fields.length != columns.size()) {
                throw new IllegalArgumentException("row has " + fields.length + " fields, expected " + columns.size());
            }
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                row.add(fields[i].equals(NULL) ? null : parse(dec(fields[i]), columns.get(i).type()));
            }
            rows.add(row);
        }
        return new Content(columns, rows);
    }

    private static Object parse(String text, String type) {
        return switch (type) {
            case "BIGINT" -> Long.parseLong(text);
            case "DOUBLE" -> Double.parseDouble(text);
            case "BOOLEAN" -> Boolean.parseBoolean(text);
            default -> text;
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
