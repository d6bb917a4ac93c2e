package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one staged column travels to the graph: in the Parquet file handed to the graph either as
 * itself or as text the graph engine parses, and the graph column type it becomes. A column that
 * cannot reach the graph exact is refused, naming the column, its type and what to cast it to.
 *
 * <p>The rule follows the graph engine (LadybugDB 0.14.3): its Parquet reader refuses a whole
 * file holding a Parquet DECIMAL, TIME or MAP column, or a STRUCT inside a LIST or STRUCT, and
 * reads INTERVAL with milliseconds only; DuckDB writes HUGEINT as DOUBLE. DECIMAL, HUGEINT and INTERVAL therefore travel as text, which the
 * engine parses exactly; nested values travel as themselves, so their elements must be types that
 * do. Staged types are DuckDB's type names; graph types are the engine's DDL types.
 *
 * @param graphType the graph column's type as written in DDL, e.g. {@code DECIMAL(18, 2)}
 */
public record GraphColumnTransfer(Column column, Carrier carrier, String graphType) {

    /** How a value is written into the Parquet file for the graph. */
    public enum Carrier {
        /** As the staged value itself. */
        AS_STAGED,
        /** As the staging engine's text of the value (exact for DECIMAL and the 128-bit integers). */
        AS_TEXT,
        /**
         * As {@code "<months> months <days> days <micros> microseconds"} from the interval's three
         * fields: the graph engine parses no other exact form (it takes no negative numbers, and
         * fails the whole copy on one: the sync plan rejects an interval with a negative field
         * before writing).
         */
        AS_INTERVAL_FIELDS
    }

    private static final String CAST_TO_VARCHAR = "VARCHAR (a STRING in the graph)";
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_DECIMAL_PRECISION = 38;

    /** Staged scalar types that travel as themselves, with their graph type. */
    private static final Map<String, String> AS_STAGED = Map.ofEntries(
            Map.entry("BOOLEAN", "BOOL"), Map.entry("BOOL", "BOOL"),
            Map.entry("TINYINT", "INT8"), Map.entry("INT1", "INT8"),
            Map.entry("SMALLINT", "INT16"), Map.entry("INT2", "INT16"),
            Map.entry("INTEGER", "INT32"), Map.entry("INT4", "INT32"), Map.entry("INT", "INT32"),
            Map.entry("BIGINT", "INT64"), Map.entry("INT8", "INT64"), Map.entry("LONG", "INT64"),
            Map.entry("UTINYINT", "UINT8"), Map.entry("USMALLINT", "UINT16"),
            Map.entry("UINTEGER", "UINT32"), Map.entry("UBIGINT", "UINT64"),
            Map.entry("FLOAT", "FLOAT"), Map.entry("REAL", "FLOAT"), Map.entry("FLOAT4", "FLOAT"),
            Map.entry("DOUBLE", "DOUBLE"), Map.entry("FLOAT8", "DOUBLE"),
            Map.entry("VARCHAR", "STRING"), Map.entry("TEXT", "STRING"), Map.entry("STRING", "STRING"),
            // DuckDB writes an ENUM into Parquet as its string.
            Map.entry("ENUM", "STRING"),
            Map.entry("BLOB", "BLOB"), Map.entry("DATE", "DATE"), Map.entry("UUID", "UUID"),
            Map.entry("TIMESTAMP", "TIMESTAMP"), Map.entry("DATETIME", "TIMESTAMP"),
            Map.entry("TIMESTAMP_MS", "TIMESTAMP_MS"), Map.entry("TIMESTAMP_S", "TIMESTAMP_SEC"),
            Map.entry("TIMESTAMP WITH TIME ZONE", "TIMESTAMP_TZ"), Map.entry("TIMESTAMPTZ", "TIMESTAMP_TZ"));

    /** Staged scalar types that travel as text, with their graph type (top level only). */
    private static final Map<String, String> AS_TEXT = Map.of(
            "HUGEINT", "INT128", "INT128", "INT128", "UHUGEINT", "UINT128", "UINT128", "UINT128");

    /** Why a staged type cannot reach the graph exact, and what to cast it to. */
    private static final Map<String, NotExact> REFUSED = Map.of(
            "TIME", new NotExact("the graph has no time-of-day type", CAST_TO_VARCHAR),
            "TIME WITH TIME ZONE", new NotExact("the graph has no time-of-day type", CAST_TO_VARCHAR),
            "TIMETZ", new NotExact("the graph has no time-of-day type", CAST_TO_VARCHAR),
            "TIMESTAMP_NS", new NotExact("the graph keeps microseconds only",
                    "TIMESTAMP (rounds to microseconds) or VARCHAR (keeps nanoseconds as text)"),
            "MAP", new NotExact("the graph reads no MAP from Parquet, and its text form is not exact for every key and value",
                    CAST_TO_VARCHAR));

    public GraphColumnTransfer {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(graphType, "graphType");
    }

    /**
     * Whether the graph hands this column back (its rows exported for a sync's comparison) as
     * text: the graph engine's Parquet writer takes no DECIMAL, and text is exact for everything
     * that travels as text, and for UUIDs.
     */
    public boolean readBackAsText() {
        return carrier != Carrier.AS_STAGED || graphType.equals("UUID");
    }

    /**
     * How this staged column travels to the graph.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} naming the column, its type and what to
     *         cast it to, when its values cannot reach the graph exact
     */
    public static GraphColumnTransfer of(Column column) {
        try {
            return decide(column);
        } catch (NotExact e) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, capitalized(e.describe(column)));
        }
    }

    /**
     * How each column travels, checked all at once before anything is written.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} naming every column of {@code table} that
     *         cannot reach the graph exact, with its type and what to cast it to
     */
    public static List<GraphColumnTransfer> ofAll(TableName table, List<Column> columns) {
        List<GraphColumnTransfer> transfers = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Column column : columns) {
            try {
                transfers.add(decide(column));
            } catch (NotExact e) {
                refusals.add(e.describe(column));
            }
        }
        if (!refusals.isEmpty()) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + table
                    + " cannot be loaded into the graph exactly, nothing was written: " + String.join("; ", refusals));
        }
        return transfers;
    }

    private static GraphColumnTransfer decide(Column column) {
        StagedType type;
        try {
            type = StagedType.parse(column.type());
        } catch (RuntimeException e) {
            throw new NotExact("its type is not one the graph knows", CAST_TO_VARCHAR);
        }
        if (type instanceof StagedType.Named named) {
            String name = named.name();
            if (name.equals("DECIMAL") || name.equals("NUMERIC")) {
                return new GraphColumnTransfer(column, Carrier.AS_TEXT, decimal(named));
            }
            if (AS_TEXT.containsKey(name)) {
                return new GraphColumnTransfer(column, Carrier.AS_TEXT, AS_TEXT.get(name));
            }
            if (name.equals("INTERVAL")) {
                return new GraphColumnTransfer(column, Carrier.AS_INTERVAL_FIELDS, "INTERVAL");
            }
        }
        return new GraphColumnTransfer(column, Carrier.AS_STAGED, asStaged(type, false));
    }

    /** The graph's DECIMAL of the same precision and scale (DuckDB's default is 18, 3). */
    private static String decimal(StagedType.Named named) {
        List<String> arguments = named.arguments();
        try {
            int precision = arguments.isEmpty() ? 18 : Integer.parseInt(arguments.get(0));
            int scale = arguments.isEmpty() ? 3 : arguments.size() < 2 ? 0 : Integer.parseInt(arguments.get(1));
            if (precision >= 1 && precision <= MAX_DECIMAL_PRECISION && scale >= 0 && scale <= precision) {
                return "DECIMAL(" + precision + ", " + scale + ")";
            }
        } catch (NumberFormatException e) {
            // refused below, as any other DECIMAL the graph cannot hold
        }
        throw new NotExact("the graph's DECIMAL holds 1 to 38 digits",
                "DECIMAL(38, s) if the values fit, or VARCHAR (a STRING in the graph)");
    }

    /**
     * The graph type of a value that travels as itself. Nested values hold only such types and
     * no STRUCT (the engine's reader refuses a STRUCT inside a LIST or STRUCT).
     */
    private static String asStaged(StagedType type, boolean nested) {
        if (type instanceof StagedType.Named named) {
            String graphType = AS_STAGED.get(named.name());
            if (graphType != null) {
                return graphType;
            }
            NotExact refused = REFUSED.get(named.name());
            if (refused != null) {
                throw refused;
            }
            if (named.name().equals("DECIMAL") || AS_TEXT.containsKey(named.name()) || named.name().equals("INTERVAL")) {
                throw new NotExact(named.name() + " inside a LIST or STRUCT cannot travel exactly", CAST_TO_VARCHAR);
            }
            throw new NotExact("the graph has no type for " + named.name(), CAST_TO_VARCHAR);
        }
        if (type instanceof StagedType.ListOf list) {
            if (list.element() instanceof StagedType.Struct) {
                throw new NotExact("the graph reads no LIST of STRUCT from Parquet", CAST_TO_VARCHAR);
            }
            String element = asStaged(list.element(), true);
            return element + (list.size().isPresent() ? "[" + list.size().getAsInt() + "]" : "[]");
        }
        if (nested) {
            throw new NotExact("the graph reads no STRUCT inside a LIST or STRUCT from Parquet", CAST_TO_VARCHAR);
        }
        List<String> fields = new ArrayList<>();
        for (StagedType.Field field : ((StagedType.Struct) type).fields()) {
            if (!PLAIN_NAME.matcher(field.name()).matches()) {
                throw new NotExact("the graph takes STRUCT field names of letters, digits and '_' only, not '"
                        + field.name() + "'", "a STRUCT with such field names, or VARCHAR (a STRING in the graph)");
            }
            fields.add("`" + field.name() + "` " + asStaged(field.type(), true));
        }
        return "STRUCT(" + String.join(", ", fields) + ")";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A staged type that cannot reach the graph exact: why, and what to cast it to. */
    private static final class NotExact extends RuntimeException {
        private final String reason;
        private final String castTo;

        NotExact(String reason, String castTo) {
            super(reason, null, false, false);
            this.reason = reason;
            this.castTo = castTo;
        }

        String describe(Column column) {
            return "column " + column.name() + " has type " + column.type() + ", which the graph cannot hold exactly ("
                    + reason + "); cast it to " + castTo;
        }
    }
}
