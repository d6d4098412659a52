package io.huibo.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The install's master key (PID {@code io.huibo.security}): configured, as nodes sharing one
 * database need, or made once in {@code data/huibo/master.key}, a file only its owner reads.
 */
final class MasterKey {

    private MasterKey() {
    }

    static byte[] of(SecurityConfig config) throws IOException {
        return config.masterKey().isBlank()
                ? fromFile(Path.of(System.getProperty("karaf.data", "data"), "huibo", "master.key"))
                : Base64.getDecoder().decode(config.masterKey().trim());
    }

    /** The key in {@code file}, made there first if it does not exist. */
    static byte[] fromFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            // data/huibo also holds the database: a folder of its owner's alone
            Files.createDirectories(file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path fresh = Files.createTempFile(file.getParent(), "master", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(fresh, Base64.getEncoder().encodeToString(SecretBox.randomBytes(32)));
            try {
                Files.move(fresh, file);
            } catch (IOException raced) {
                Files.deleteIfExists(fresh); // another store component made it first; use theirs
            }
        }
        return Base64.getDecoder().decode(Files.readString(file).trim());
    }
}
