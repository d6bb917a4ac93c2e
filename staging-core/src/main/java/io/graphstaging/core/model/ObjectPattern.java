package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.List;

/**
 * What a staging request names in object storage: either one glob or an explicit,
 * non-empty list of objects. Every object store expands it with the same semantics.
 */
public sealed interface ObjectPattern permits ObjectPattern.Glob, ObjectPattern.UriList {

    /** Text as the client wrote it, for error messages. */
    String describe();

    /**
     * Parses one {@code s3://} string: a glob when it contains {@code *} or {@code ?}, else a
     * list of that one object.
     */
    static ObjectPattern parse(String text) {
        if (text == null || !text.startsWith("s3://")) {
            throw new StagingException(ErrorCode.INVALID_PATTERN,
                    "Invalid pattern '" + text + "': expected an s3:// URI or glob");
        }
        if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0) {
            ObjectUri asUri;
            try {
                asUri = ObjectUri.parse(text);
            } catch (StagingException e) {
                throw new StagingException(ErrorCode.INVALID_PATTERN, "Invalid pattern '" + text + "': " + e.getMessage());
            }
            return new Glob(asUri.bucket(), asUri.key());
        }
        return new UriList(List.of(ObjectUri.parse(text)));
    }

    /** A list of {@code s3://} URIs, in the order given (later files win on dedupe). */
    static ObjectPattern ofUris(List<String> uris) {
        if (uris == null || uris.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_PATTERN, "The list of objects must not be empty");
        }
        return new UriList(uris.stream().map(ObjectUri::parse).toList());
    }

    /**
     * A glob over keys of one bucket: {@code *} matches within a path segment, {@code ?} one
     * character other than {@code /}, {@code **} any run of characters across segments
     * ({@code a/**}{@code /b} also matches {@code a/b}).
     */
    record Glob(String bucket, String keyGlob) implements ObjectPattern {
        public Glob {
            // Reuse the URI rules for the bucket and the key's text.
            new ObjectUri(bucket, keyGlob);
        }

        /** The part of the key before the first wildcard: the prefix to list from. */
        public String literalPrefix() {
            int star = keyGlob.indexOf('*');
            int question = keyGlob.indexOf('?');
            int first = star < 0 ? question : question < 0 ? star : Math.min(star, question);
            return first < 0 ? keyGlob : keyGlob.substring(0, first);
        }

        /** Whether a key of this glob's bucket matches it. */
        public boolean matches(String key) {
            return GlobMatcher.matches(keyGlob, key);
        }

        @Override
        public String describe() {
            return "s3://" + bucket + "/" + keyGlob;
        }
    }

    /** Explicit objects; each must exist. */
    record UriList(List<ObjectUri> uris) implements ObjectPattern {
        private static final int NAMED_MISSING = 5;

        public UriList {
            if (uris == null || uris.isEmpty()) {
                throw new StagingException(ErrorCode.INVALID_PATTERN, "The list of objects must not be empty");
            }
            uris = List.copyOf(uris);
        }

        @Override
        public String describe() {
            return uris.size() == 1 ? uris.get(0).toString() : uris.size() + " objects starting with " + uris.get(0);
        }

        /**
         * The error for objects of this list that do not exist: the first few by name and how
         * many, so that a long list of missing objects gives a short answer.
         */
        public StagingException notFound(List<ObjectUri> missing) {
            int named = Math.min(missing.size(), NAMED_MISSING);
            StringBuilder message = new StringBuilder("Object not found: ");
            message.append(String.join(", ", missing.subList(0, named).stream().map(ObjectUri::toString).toList()));
            if (missing.size() > named) {
                message.append(" and ").append(missing.size() - named).append(" more");
            }
            if (uris.size() > 1) {
                message.append(" (").append(missing.size()).append(" of the ").append(uris.size())
                        .append(" listed objects do not exist)");
            }
            return new StagingException(ErrorCode.OBJECT_NOT_FOUND, message.toString());
        }
    }
}
