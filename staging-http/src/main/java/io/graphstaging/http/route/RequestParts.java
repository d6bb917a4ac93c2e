package io.graphstaging.http.route;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.TableName;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns path parameters and body fields into validated domain values (400 before any storage is touched). */
final class RequestParts {
    private RequestParts() {}

    static GraphId graph(Context ctx) {
        return GraphId.of(ctx.pathParam("graph_id"));
    }

    static TableName table(Context ctx) {
        return TableName.of(ctx.pathParam("table_name"));
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "The field '" + field + "' is required");
        }
        return value;
    }

    /** The original client repeats graph_id in bodies: accepted when it agrees with the path. */
    static void requireSameGraph(String bodyGraphId, GraphId path) {
        requireSameGraph("graph_id", bodyGraphId, path);
    }

    /** A body field naming the graph ({@code field}), accepted when absent or equal to the path's. */
    static void requireSameGraph(String field, String bodyValue, GraphId path) {
        if (bodyValue != null && !bodyValue.equals(path.value())) {
            throw new StagingException(ErrorCode.INVALID_REQUEST,
                    field + " in the body ('" + bodyValue + "') differs from the path's ('" + path + "')");
        }
    }

    /** {@code s3_pattern}: one string (a glob or one URI) or a non-empty list of URIs. */
    static ObjectPattern pattern(Object s3Pattern) {
        required(s3Pattern, "s3_pattern");
        if (s3Pattern instanceof String text) {
            return ObjectPattern.parse(text);
        }
        if (s3Pattern instanceof List<?> list) {
            List<String> uris = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String uri)) {
                    throw new StagingException(ErrorCode.INVALID_PATTERN, "s3_pattern must be a string or a list of strings");
                }
                uris.add(uri);
            }
            return ObjectPattern.ofUris(uris);
        }
        throw new StagingException(ErrorCode.INVALID_PATTERN, "s3_pattern must be a string or a list of strings");
    }

    static Map<ObjectUri, FileId> fileIdMap(Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        Map<ObjectUri, FileId> ids = new LinkedHashMap<>();
        map.forEach((uri, id) -> ids.put(ObjectUri.parse(uri), FileId.of(required(id, "file_id_map[" + uri + "]"))));
        return ids;
    }

    static Optional<Boolean> booleanQueryParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> Optional.of(true);
            case "false", "0", "no" -> Optional.of(false);
            default -> throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Query parameter " + name + " must be true or false, was '" + text + "'");
        };
    }

    /** A whole-number query parameter; its range is the use case's to check. */
    static int intQueryParam(Context ctx, String name, int fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Query parameter " + name + " must be a whole number, was '" + text + "'", e);
        }
    }

    static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 100_000.0) / 10.0;
    }
}
