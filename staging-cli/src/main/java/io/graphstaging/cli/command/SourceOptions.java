package io.graphstaging.cli.command;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which objects to stage: one pattern or a list of URIs, and optional file ids for them. */
public final class SourceOptions {
    static final class Objects {
        @Option(names = {"-p", "--pattern"}, paramLabel = "S3_PATTERN",
                description = "An s3:// URI or glob (* within a segment, ** across segments).")
        String pattern;

        @Option(names = "--uri", paramLabel = "S3_URI", description = "An s3:// object; repeat for a list.")
        List<String> uris = new ArrayList<>();
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Objects objects;

    @Option(names = "--file-id", paramLabel = "S3_URI=ID",
            description = "The file id of an object (default: derived from its key); repeat for more.")
    Map<String, String> fileIds = new LinkedHashMap<>();

    ObjectPattern pattern() {
        return objects.pattern != null ? ObjectPattern.parse(objects.pattern) : ObjectPattern.ofUris(objects.uris);
    }

    Map<ObjectUri, FileId> fileIds() {
        Map<ObjectUri, FileId> ids = new LinkedHashMap<>();
        fileIds.forEach((uri, id) -> ids.put(ObjectUri.parse(uri), FileId.of(id)));
        return ids;
    }
}
