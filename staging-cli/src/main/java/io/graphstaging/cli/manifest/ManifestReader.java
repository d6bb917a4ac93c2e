package io.graphstaging.cli.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a {@link Manifest} from a YAML file, or JSON when its name ends with {@code .json}. */
public final class ManifestReader {
    private ManifestReader() {}

    /** @throws StagingException {@code INVALID_REQUEST} for a missing, unreadable or invalid file */
    public static Manifest read(Path file) {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = (json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return mapper.readValue(Files.readString(file), Manifest.class).validated();
        } catch (NoSuchFileException e) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "No manifest file " + file);
        } catch (UnrecognizedPropertyException e) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Invalid manifest " + file + ": unknown field '"
                    + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")");
        } catch (IOException e) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Invalid manifest " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(e.getClass().getSimpleName()));
        }
    }
}
