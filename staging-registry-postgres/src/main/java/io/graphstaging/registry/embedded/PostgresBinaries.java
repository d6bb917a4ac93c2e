package io.graphstaging.registry.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The PostgreSQL programs the embedded server runs, unpacked by the library from its Maven
 * Central archive into {@code <working directory>/PG-<MD5 of the archive>}.
 *
 * <p>The working directory sits in a directory only this user can enter (0700): the library's
 * default, a world-writable directory under {@code /tmp}, would let another local user plant
 * programs that this process then runs. The library reads the archive through this resolver,
 * which records its MD5 on the way, so {@link #postgres()} can find the unpacked server for the
 * offline steps the library has no call for.
 */
final class PostgresBinaries implements PgBinaryResolver {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path workingDirectory;
    private final MessageDigest md5;
    private String digest;

    private PostgresBinaries(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    /**
     * Binaries under {@code <java.io.tmpdir>/graph-staging-postgres-<user>}, created 0700, or
     * refused when that directory belongs to someone else.
     */
    static PostgresBinaries inPrivateDirectory() throws IOException {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "graph-staging-postgres-" + user);
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(base, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        UserPrincipal me = currentUser();
        UserPrincipal owner = Files.getOwner(base, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(me)) {
            throw new IOException("the PostgreSQL binaries directory " + base + " belongs to " + owner.getName()
                    + ", not to " + me.getName() + "; refusing to run programs from it");
        }
        Files.setPosixFilePermissions(base, OWNER_ONLY);
        // The library makes its working directory world-writable; the 0700 parent keeps others out.
        return new PostgresBinaries(base.resolve("binaries"));
    }

    /** The owner of a file this process makes: works for a user id with no name, too. */
    private static UserPrincipal currentUser() throws IOException {
        Path probe = Files.createTempFile("graph-staging-owner-", ".probe");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        return archive == null ? null : new DigestInputStream(archive, md5);
    }

    /** The {@code postgres} program, once the library has unpacked the archive (it does so before initdb). */
    synchronized Path postgres() throws IOException {
        if (digest == null) {
            digest = HexFormat.of().formatHex(md5.digest());
        }
        Path program = workingDirectory.resolve("PG-" + digest).resolve("bin").resolve("postgres");
        if (!Files.isExecutable(program)) {
            throw new IOException("the unpacked PostgreSQL server is not at " + program);
        }
        return program;
    }
}
