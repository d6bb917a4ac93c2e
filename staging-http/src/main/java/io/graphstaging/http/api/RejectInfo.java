package io.graphstaging.http.api;

import java.util.Map;

/** A rejected row: its key, the staged file it came from (null without file ids) and why. */
public record RejectInfo(Map<String, Object> key, String fileId, String reason) {}
