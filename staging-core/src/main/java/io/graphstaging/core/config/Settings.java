package io.graphstaging.core.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one reader of the platform's configuration: environment variables, each read once, with
 * one syntax per kind of value. Every adapter and the edge build their settings from it; it
 * collects every problem instead of stopping at the first, and {@link #requireValid()} reports
 * them all in one {@link InvalidConfigurationException}.
 *
 * <ul>
 *   <li>Unset or blank means "use the default".</li>
 *   <li>Sizes: {@link ByteSize} ({@code 512MiB}, {@code 2GB}, plain bytes).</li>
 *   <li>Durations: a whole number in the unit the variable's name ends with ({@code _MS},
 *       {@code _SECONDS}, {@code _MINUTES}, {@code _HOURS}).</li>
 *   <li>Choices: one of the enum's constants, in lower case.</li>
 *   <li>Secrets: read with {@link #secret}; their values never appear in a problem or a log.</li>
 * </ul>
 *
 * A variable with one of the platform's {@link #PREFIXES} that nothing read is listed by
 * {@link #unreadVariables()}, so a typo does not pass silently. Reading a variable twice is a
 * programming error (two readers would drift apart): it throws {@link IllegalStateException}.
 */
public final class Settings {
    /** Prefixes of the platform's own variables. */
    public static final List<String> PREFIXES = List.of("STAGING_", "DUCKDB_", "LBUG_");

    /** The original server's names, accepted for ours. */
    private static final Map<String, String> ALIASES = Map.of(
            "DUCKDB_STAGING_DIR", "DUCKDB_STAGING_PATH",
            "LBUG_DATABASE_DIR", "LBUG_DATABASE_PATH");

    private final Map<String, String> variables;
    private final Set<String> read = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();

    private Settings(Map<String, String> variables) {
        this.variables = Collections.unmodifiableSortedMap(new TreeMap<>(variables));
    }

    /** Settings from the given variables (tests, embedding programs). */
    public static Settings of(Map<String, String> variables) {
        return new Settings(Objects.requireNonNull(variables, "variables"));
    }

    /**
     * Reads one configuration from the given variables and checks it.
     *
     * @throws InvalidConfigurationException listing every problem
     */
    public static <T> T read(Map<String, String> variables, Function<Settings, T> reader) {
        Settings settings = of(variables);
        T value = reader.apply(settings);
        settings.requireValid();
        return value;
    }

    /** Settings from the process environment: the only place the environment is read. */
    public static Settings fromEnvironment() {
        return of(System.getenv());
    }

    /** Text; empty when unset or blank. */
    public synchronized Optional<String> optionalText(String name) {
        claim(name);
        String primary = nonBlank(name);
        String alias = ALIASES.containsKey(name) ? nonBlank(ALIASES.get(name)) : null;
        if (primary != null && alias != null && !primary.equals(alias)) {
            problems.add(name + " and " + ALIASES.get(name) + " name the same setting but differ; set only " + name);
        }
        return Optional.ofNullable(primary != null ? primary : alias);
    }

    public String text(String name, String fallback) {
        return optionalText(name).orElse(fallback);
    }

    /** A secret; empty when unset or blank. */
    public Optional<Secret> secret(String name) {
        return optionalText(name).map(Secret::new);
    }

    public int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    /** A whole number within {@code [min, max]}. */
    public long number(String name, long fallback, long min, long max) {
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule it broke
        }
        problem(name + " must be a whole number from " + min + " to " + max + ", was '" + text.get() + "'");
        return fallback;
    }

    /** {@code true} or {@code false}. */
    public boolean flag(String name, boolean fallback) {
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(name + " must be true or false, was '" + text.get() + "'");
                yield fallback;
            }
        };
    }

    /** A size within {@code [min, max]}, in the {@link ByteSize} syntax. */
    public ByteSize size(String name, ByteSize fallback, ByteSize min, ByteSize max) {
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return fallback;
        }
        Optional<ByteSize> size = ByteSize.parse(text.get());
        if (size.isPresent() && size.get().bytes() >= min.bytes() && size.get().bytes() <= max.bytes()) {
            return size.get();
        }
        problem(name + " must be a size from " + min + " to " + max + " such as 512MiB or 2GB, was '" + text.get() + "'");
        return fallback;
    }

    /**
     * A duration within {@code [min, max]}, written as a whole number in the unit the name ends
     * with.
     */
    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        ChronoUnit unit = unitOf(name);
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            Duration value = Duration.of(Long.parseLong(text.get()), unit);
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                return value;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below with the rule it broke
        }
        problem(name + " must be a whole number from " + inUnit(min, unit) + " to " + inUnit(max, unit) + ", was '"
                + text.get() + "'");
        return fallback;
    }

    public Path path(String name, Path fallback) {
        return optionalPath(name).orElse(fallback);
    }

    public Optional<Path> optionalPath(String name) {
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(text.get()));
        } catch (InvalidPathException e) {
            problem(name + " is not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }

    /** One of the enum's constants, written in lower case. */
    public <E extends Enum<E>> E choice(String name, E fallback) {
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return fallback;
        }
        for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text.get().toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        problem(name + " must be one of " + allowed + ", was '" + text.get() + "'");
        return fallback;
    }

    /** Records a problem that involves more than one variable. */
    public synchronized void problem(String description) {
        problems.add(description);
    }

    /** Problems found so far. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** @throws InvalidConfigurationException listing every problem found */
    public synchronized void requireValid() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** Variables with one of the platform's prefixes that nothing read, sorted. */
    public synchronized List<String> unreadVariables() {
        List<String> unread = new ArrayList<>();
        for (String name : variables.keySet()) {
            boolean ours = PREFIXES.stream().anyMatch(name::startsWith);
            boolean aliasOfRead = ALIASES.entrySet().stream()
                    .anyMatch(a -> a.getValue().equals(name) && read.contains(a.getKey()));
            if (ours && !read.contains(name) && !aliasOfRead) {
                unread.add(name);
            }
        }
        return unread;
    }

    private void claim(String name) {
        if (!read.add(name)) {
            throw new IllegalStateException(name + " is read twice; give it one reader and hand its value on");
        }
    }

    private String nonBlank(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ChronoUnit unitOf(String name) {
        if (name.endsWith("_MS")) {
            return ChronoUnit.MILLIS;
        }
        if (name.endsWith("_SECONDS")) {
            return ChronoUnit.SECONDS;
        }
        if (name.endsWith("_MINUTES")) {
            return ChronoUnit.MINUTES;
        }
        if (name.endsWith("_HOURS")) {
            return ChronoUnit.HOURS;
        }
        throw new IllegalArgumentException("A duration variable's name ends with its unit (_MS, _SECONDS, _MINUTES, _HOURS): " + name);
    }

    private static long inUnit(Duration d, ChronoUnit unit) {
        return switch (unit) {
            case MILLIS -> d.toMillis();
            case SECONDS -> d.toSeconds();
            case MINUTES -> d.toMinutes();
            default -> d.toHours();
        };
    }
}
