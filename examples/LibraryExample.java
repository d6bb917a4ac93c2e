import io.graphstaging.bootstrap.GraphStaging;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.usecase.StageFilesCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * graph-staging as a library: stage a Parquet file, query it, load it into the graph, without
 * HTTP. Same settings (environment variables) and adapters as the server; with none set, the
 * embedded defaults under ./data (stop a server using them first). From the repository root:
 *
 * <pre>
 * java -cp staging-cli/target/staging-cli.jar examples/LibraryExample.java
 * </pre>
 */
public class LibraryExample {
    public static void main(String[] args) {
        try (GraphStaging staging = GraphStaging.open(Settings.fromEnvironment())) {
            GraphId graph = GraphId.of("demo");
            TableName people = TableName.of("people");
            staging.createTable().execute(new StageFilesCommand(graph, people,
                    ObjectPattern.parse("s3://demo/people.parquet"), Map.of()));
            List<List<Object>> rows = staging.runQuery().all(graph,
                    new SqlQuery("SELECT count(*) FROM people WHERE identifier > ?", List.of(500)), new Cancellation()).rows();
            System.out.println("people with identifier > 500: " + rows.get(0).get(0));
            MaterializeResult loaded = staging.materialize().execute(graph, people,
                    MaterializeOptions.sync());
            System.out.println("loaded into the graph: " + loaded.rowsIngested() + " rows");
        }
    }
}
