package io.graphstaging.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What a command did, on standard output: a sentence for people, or with {@code --json} one JSON
 * object per outcome (the same fields, snake_case) for machines.
 */
public final class Outcomes {
    private final boolean json;
    private final PrintWriter out;
    private final ObjectMapper mapper = JsonValues.mapper();

    public Outcomes(boolean json, PrintWriter out) {
        this.json = json;
        this.out = out;
    }

    /**
     * @param fields the outcome as data, in order ({@code event} first)
     * @param sentence the same for people
     */
    public void print(Map<String, Object> fields, String sentence) {
        if (json) {
            try {
                out.println(mapper.writeValueAsString(fields));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.println(sentence);
        }
        out.flush();
    }

    /** A line for people that belongs to the last outcome (not printed with {@code --json}). */
    public void line(String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }

    public boolean json() {
        return json;
    }
}
