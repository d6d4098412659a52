package io.huibo.shell.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a fresh install its way into the shell: when {@code etc/users.properties} names no user,
 * it adds the local account {@code karaf} with a random password. {@code bin/client} reads that
 * file and logs in with it, so whoever can read the file (its owner alone: the distribution ships
 * it 0600 and it stays so) has the shell, and nobody else on the host, while SSH listens on
 * loopback only. The password is never printed or logged. An operator's own users are left alone.
 */
@Component(immediate = true)
public class LocalShellAccount {
    private static final Logger LOG = LoggerFactory.getLogger(LocalShellAccount.class);
    static final String USER = "karaf";
    private static final String GROUP_PREFIX = "_g_:";
    /** Karaf's own administrators' group, as its users.properties defines it: the shell and its commands. */
    private static final String ADMIN_GROUP = GROUP_PREFIX + "admingroup";
    private static final String ADMIN_ROLES = "group,admin,manager,viewer,systembundles,ssh";
    private static final int PASSWORD_BYTES = 24;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Activate
    public LocalShellAccount() {
        Path users = Path.of(System.getProperty("karaf.etc", "etc"), "users.properties");
        try {
            if (ensure(users, new SecureRandom())) {
                LOG.info("Made the local shell account '{}' for bin/client; its password is in {}, readable by its owner only",
                        USER, users);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Could not make the local shell account in {}: bin/client needs a user there", users, e);
        }
    }

    /** Adds the local account to {@code users} unless it names a user already; true if it did. */
    static boolean ensure(Path users, SecureRandom random) throws IOException {
        Properties existing = new Properties();
        String text = "";
        if (Files.exists(users)) {
            text = Files.readString(users, StandardCharsets.ISO_8859_1); // the encoding of a properties file
            try (Reader reader = Files.newBufferedReader(users, StandardCharsets.ISO_8859_1)) {
                existing.load(reader);
            }
        }
        if (existing.stringPropertyNames().stream().anyMatch(key -> !key.startsWith(GROUP_PREFIX))) {
            return false;
        }
        StringBuilder account = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            account.append('\n');
        }
        if (!existing.containsKey(ADMIN_GROUP)) {
            account.append("_g_\\:admingroup = ").append(ADMIN_ROLES).append('\n');
        }
        account.append("# The local account, made at first start: bin/client logs in with it. Keep this file 0600.\n")
                .append(USER).append(" = ").append(password(random)).append(',').append(ADMIN_GROUP).append('\n');
        replaceOwnerOnly(users, account.toString());
        return true;
    }

    /** Base64url: no character that a properties file or the role list would read as a separator. */
    private static String password(SecureRandom random) {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written beside it owner-only and moved over it, so that the password is never readable by others, even half-written. */
    private static void replaceOwnerOnly(Path file, String content) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "users", ".tmp", ownerOnly);
        try {
            Files.writeString(temporary, content, StandardCharsets.ISO_8859_1);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
