package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One object in object storage: {@code s3://bucket/key}. The bucket follows S3's naming rules
 * (3 to 63 characters of lowercase letters, digits, dots and hyphens, starting and ending
 * with a letter or digit); the key is 1 to 1024 UTF-8 bytes, with no control characters and
 * no {@code .} or {@code ..} segment, so that it maps safely to a local path.
 */
public record ObjectUri(String bucket, String key) {
    private static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ObjectUri {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new StagingException(ErrorCode.INVALID_OBJECT_URI, "Invalid bucket name: '" + bucket + "'");
        }
        requireValidKey(key, ErrorCode.INVALID_OBJECT_URI);
    }

    /** Parses {@code s3://bucket/key}. */
    public static ObjectUri parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new StagingException(ErrorCode.INVALID_OBJECT_URI,
                    "Invalid object URI '" + uri + "': expected s3://bucket/key");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new StagingException(ErrorCode.INVALID_OBJECT_URI,
                    "Invalid object URI '" + uri + "': expected s3://bucket/key");
        }
        return new ObjectUri(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** Key rules shared with patterns, whose literal parts must be valid key text too. */
    static void requireValidKey(String key, ErrorCode code) {
        if (key == null || key.isEmpty()
                || key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new StagingException(code, "Invalid object key: it must be 1 to 1024 bytes");
        }
        if (key.chars().anyMatch(Character::isISOControl) || key.startsWith("/") || key.contains("\\")) {
            throw new StagingException(code,
                    "Invalid object key '" + printable(key) + "': no control characters, backslashes or leading '/'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new StagingException(code,
                        "Invalid object key '" + printable(key) + "': '.' and '..' segments are not allowed");
            }
        }
    }

    private static String printable(String key) {
        return key.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
