package io.graphstaging.registry.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The embedded server's generated passwords, kept in its data directory in a file only its
 * owner can read or write (0600). Made once, when the server first gets passwords, and read on
 * every later start.
 */
final class CredentialsFile {
    static final String NAME = "registry-credentials.properties";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final String SUPERUSER = "superuser.password";
    private static final String REGISTRY = "registry.password";

    /** The two passwords: the bootstrap superuser's (administration) and the registry role's (the pool). */
    record Passwords(String superuser, String registry) {
        @Override
        public String toString() {
            return "Passwords[***]";
        }
    }

    private final Path file;

    CredentialsFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    /** Two new passwords of 256 random bits each. */
    static Passwords generate(SecureRandom random) {
        return new Passwords(password(random), password(random));
    }

    private static String password(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The kept passwords (their file put back to 0600 if someone widened it); empty when there is no file. */
    Optional<Passwords> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        String superuser = properties.getProperty(SUPERUSER);
        String registry = properties.getProperty(REGISTRY);
        if (superuser == null || superuser.isBlank() || registry == null || registry.isBlank()) {
            throw new IOException(file + " lacks " + SUPERUSER + " or " + REGISTRY);
        }
        return Optional.of(new Passwords(superuser, registry));
    }

    /** Writes the file whole or not at all: a temporary 0600 file, synced, then renamed over. */
    void write(Passwords passwords) throws IOException {
        Path temporary = file.resolveSibling(NAME + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        Properties properties = new Properties();
        properties.setProperty(SUPERUSER, passwords.superuser());
        properties.setProperty(REGISTRY, passwords.registry());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            properties.store(out, "Passwords of the embedded registry PostgreSQL (logins over 127.0.0.1 only)");
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a file left behind by a data directory whose cluster is gone (initdb wants an empty directory). */
    void deleteIfPresent() throws IOException {
        Files.deleteIfExists(file);
    }
}
