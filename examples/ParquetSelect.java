import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Writes the answer of one DuckDB SELECT as a Parquet file, with the DuckDB driver inside the
 * server jar: the way to give a file the column names graph-staging expects (rename a key column
 * to {@code identifier}, endpoints to {@code from} and {@code to}) before it is staged. Run from
 * the repository root:
 *
 * <pre>
 * java -cp staging-http/target/staging-http.jar examples/ParquetSelect.java OUTPUT.parquet "SELECT ... FROM 'in.parquet'"
 * </pre>
 */
public class ParquetSelect {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ParquetSelect OUTPUT.parquet \"SELECT ...\"");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(out.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            // The user's own SELECT on their own files, run locally: COPY takes no parameters.
            s.execute("COPY (" + args[1] + ") TO '" + out.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        System.out.println("wrote " + out);
    }
}
