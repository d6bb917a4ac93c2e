package io.graphstaging.http.config;

import io.graphstaging.core.config.Settings;
import java.util.Optional;

/** {@code STAGING_LOG_FORMAT}: how the server's log lines are written. */
public enum LogFormat {
    /** One line of text each: date and time, level, thread, logger, request id, message (default). */
    TEXT,
    /** One JSON object each (logback's JSON encoder), for log collectors. */
    JSON;

    public static LogFormat from(Settings settings) {
        return settings.choice("STAGING_LOG_FORMAT", TEXT);
    }

    /** The logback configuration on the class path that writes this format, when not the default logback.xml. */
    public Optional<String> configuration() {
        return this == JSON ? Optional.of("logback-json.xml") : Optional.empty();
    }
}
