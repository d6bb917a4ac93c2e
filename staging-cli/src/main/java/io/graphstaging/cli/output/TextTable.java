package io.graphstaging.cli.output;

import java.io.PrintWriter;
import java.util.List;

/** Aligned columns under a header, for people. */
public record TextTable(List<String> header, List<List<String>> rows) {
    public void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        rows.forEach(row -> line(out, row, widths));
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i).replace('\n', ' ');
            text.append(i == 0 ? "" : "  ").append(cell).append(" ".repeat(Math.max(0, widths[i] - cell.length())));
        }
        out.println(text.toString().stripTrailing());
    }
}
