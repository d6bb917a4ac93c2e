import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Writes a sample Parquet file with the DuckDB driver inside the server jar, so trying the server
 * needs no DuckDB CLI. Run from the repository root (Java runs a single source file directly):
 *
 * <pre>
 * java -cp staging-http/target/staging-http.jar examples/SampleParquet.java OUTPUT.parquet people|links [ROWS]
 * </pre>
 *
 * {@code people}: identifier, name, industry (a node table). {@code links}: from, to, since (a
 * relationship table between people).
 */
public class SampleParquet {
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[1].equals("people") || args[1].equals("links"))) {
            System.err.println("usage: SampleParquet OUTPUT.parquet people|links [ROWS]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        long rows = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        String select = args[1].equals("people")
                ? "SELECT i AS identifier, 'person ' || i AS name,"
                        + " ['Technology', 'Retail', 'Energy', 'Health'][1 + (i % 4)::INT] AS industry"
                        + " FROM range(1, ? + 1) t(i)"
                : "SELECT i AS \"from\", 1 + (i * 7) % ? AS \"to\", DATE '2020-01-01' + (i % 1000)::INT AS since"
                        + " FROM range(1, ? + 1) t(i)";
        Files.createDirectories(out.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            // COPY cannot take parameters: materialize the rows first, then copy the table.
            try (PreparedStatement p = c.prepareStatement("CREATE TABLE sample AS " + select)) {
                p.setLong(1, rows);
                if (args[1].equals("links")) {
                    p.setLong(2, rows);
                }
                p.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("COPY sample TO '" + out.toString().replace("'", "''") + "' (FORMAT parquet)");
            }
        }
        System.out.println("wrote " + rows + " " + args[1] + " rows to " + out);
    }
}
