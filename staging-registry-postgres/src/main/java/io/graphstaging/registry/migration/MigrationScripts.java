package io.graphstaging.registry.migration;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads ordered migrations from the classpath: {@code <directory>/migrations.txt} lists the
 * script names in order (a classpath directory inside a jar cannot be listed portably).
 * Versions must run 1, 2, 3 ... without gaps.
 */
public final class MigrationScripts {
    /** Where the registry's own migrations live. */
    public static final String BUNDLED = "db/migration";

    private static final Pattern NAME = Pattern.compile("V(\\d{1,6})__([A-Za-z0-9_]+)\\.sql");

    private MigrationScripts() {
    }

    /** The registry's own migrations. */
    public static List<Migration> bundled() {
        return load(MigrationScripts.class.getClassLoader(), BUNDLED);
    }

    /** @throws StagingException {@code INTERNAL}: a missing or misnumbered script is a build defect */
    public static List<Migration> load(ClassLoader loader, String directory) {
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(loader, directory + "/migrations.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw defect("migration name '" + name + "' in " + directory + " is not V<n>__<words>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != migrations.size() + 1) {
                throw defect("migration " + name + " in " + directory + " should be version " + (migrations.size() + 1));
            }
            migrations.add(new Migration(version, m.group(2).replace('_', ' '), read(loader, directory + "/" + name)));
        }
        if (migrations.isEmpty()) {
            throw defect("no migrations listed in " + directory + "/migrations.txt");
        }
        return List.copyOf(migrations);
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw defect("classpath resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.INTERNAL, "Cannot read classpath resource " + resource, e);
        }
    }

    private static StagingException defect(String what) {
        return new StagingException(ErrorCode.INTERNAL, "Broken registry migrations: " + what);
    }
}
