package io.graphstaging.cli.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two ways a progress line is written: for people and for machines. */
final class LineFormats {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineFormats() {}

    /** {@code [00:00:03] stage person: fetching 3/20 objects (1.0 objects/s)}. */
    static String plain(ThrottledLines.Snapshot s) {
        TaskProgress p = s.progress();
        StringBuilder text = new StringBuilder();
        Duration d = s.elapsed();
        text.append(String.format("[%02d:%02d:%02d] ", d.toHours(), d.toMinutesPart(), d.toSecondsPart()))
                .append(s.step()).append(": ").append(p.phase()).append(' ')
                .append(Quantities.amount(p.done(), p.unit()));
        p.total().ifPresent(total -> text.append('/').append(Quantities.amount(total, p.unit())));
        if (p.unit() != ProgressUnit.BYTES) {
            text.append(' ').append(Quantities.unitName(p.unit()));
        }
        double seconds = s.phaseElapsed().toMillis() / 1000.0;
        if (seconds >= 1 && p.done() > 0) {
            text.append(" (").append(Quantities.rate(p.done() / seconds, p.unit())).append(')');
        }
        return text.toString();
    }

    /** {@code {"event":"progress","step":"stage person","phase":"fetching","done":3,"total":20,...}}. */
    static String json(ThrottledLines.Snapshot s) {
        TaskProgress p = s.progress();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "progress");
        line.put("step", s.step());
        line.put("phase", p.phase());
        line.put("done", p.done());
        line.put("total", p.total().isPresent() ? p.total().getAsLong() : null);
        line.put("unit", p.unit().wireName());
        line.put("elapsed_ms", s.elapsed().toMillis());
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
