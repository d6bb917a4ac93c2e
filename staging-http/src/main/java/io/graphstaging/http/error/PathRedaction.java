package io.graphstaging.http.error;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hides the server's own directories in texts shown to clients (error bodies, stream error
 * lines, health checks): each configured directory is replaced by the setting that names it, so
 * {@code /srv/data/lbug-dbs/g1.lbug} reads {@code <LBUG_DATABASE_DIR>/g1.lbug}. Adapters already
 * avoid paths in their messages; this is the edge's guarantee for what slips through.
 *
 * @param directories setting name to the directory it configures
 */
public record PathRedaction(Map<String, Path> directories) {
    public PathRedaction {
        directories = Map.copyOf(directories);
    }

    /** Redacts nothing: for tests of the edge alone. */
    public static PathRedaction none() {
        return new PathRedaction(Map.of());
    }

    /** The working directory too, named {@code <working directory>}: relative settings resolve there. */
    public PathRedaction withWorkingDirectory() {
        Map<String, Path> all = new LinkedHashMap<>(directories);
        all.put("working directory", Path.of("").toAbsolutePath());
        return new PathRedaction(all);
    }

    public String apply(String text) {
        if (text == null || directories.isEmpty()) {
            return text;
        }
        // Longest first: the spool under the staging directory keeps its own name.
        List<Map.Entry<String, String>> spellings = new ArrayList<>();
        directories.forEach((name, dir) -> {
            spellings.add(Map.entry(name, dir.toAbsolutePath().normalize().toString()));
            try {
                spellings.add(Map.entry(name, dir.toRealPath().toString()));
            } catch (java.io.IOException | SecurityException e) {
                // Not there (yet): the configured spelling is the one messages use.
            }
        });
        spellings.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
        String result = text;
        for (Map.Entry<String, String> spelling : spellings) {
            if (spelling.getValue().length() > 1) {
                result = result.replace(spelling.getValue(), "<" + spelling.getKey() + ">");
            }
        }
        return result;
    }
}
