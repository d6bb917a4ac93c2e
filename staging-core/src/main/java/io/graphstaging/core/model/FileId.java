package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;

/**
 * The id of a source file, as given by a file-id map or the registry ({@code gf_...}).
 * Any printable text of 1 to 256 characters: it is stored as a bound value, never as a name.
 */
public record FileId(String value) {
    public FileId {
        if (value == null || value.isEmpty() || value.length() > 256
                || value.chars().anyMatch(Character::isISOControl) || !value.strip().equals(value)) {
            throw new StagingException(ErrorCode.INVALID_FILE_ID,
                    "Invalid file id: it must be 1 to 256 printable characters without surrounding spaces.");
        }
    }

    public static FileId of(String value) {
        return new FileId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
