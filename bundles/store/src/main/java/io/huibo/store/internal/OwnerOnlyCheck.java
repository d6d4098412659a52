package io.huibo.store.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.TenantService;

/**
 * Warns at start about each file or folder holding secrets or records that users other than its
 * owner can read: the distribution ships them owner-only, but a copy, an editor or an operator's
 * umask may have opened them. It warns rather than changes them: the operator may have meant it.
 */
@Component(immediate = true)
public class OwnerOnlyCheck {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyCheck.class);
    /**
     * Files in {@code etc/} that hold secrets or real numbers: Huibo's own (API keys, master key,
     * button secret, trunk password, adapters' secrets, staff and demo numbers, the blacklist), the
     * database's and the HTTPS keystore's passwords, the shell's users, the SSH host key, keystores.
     * The distribution ships the same set mode 0600 (karaf-distribution/src/assembly).
     */
    static final String SECRET_FILES = "glob:{io.huibo.*.cfg,org.ops4j.datasource-*.cfg,org.ops4j.pax.web.cfg,"
            + "users.properties,host.key,*.p12,*.pfx,*.jks,*.keystore}";
    /** Warnings named one by one at most: a whole database's files would drown the log. */
    private static final int NAMED = 10;
    private static final Set<PosixFilePermission> OTHERS_READ = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);
    private static final Set<PosixFilePermission> OTHERS_ENTER = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

    /** After the store made its files (the master key, the database), so that they are checked too. */
    @Activate
    public OwnerOnlyCheck(@Reference TenantService madeItsFiles) {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path records = Path.of(System.getProperty("karaf.data", "data"), "huibo");
        try {
            List<Path> exposed = exposed(etc, records);
            for (Path path : exposed.subList(0, Math.min(exposed.size(), NAMED))) {
                LOG.warn("{} holds secrets or records and is readable by group or others: chmod {} it", path,
                        Files.isDirectory(path) ? "-R go-rwx" : "600");
            }
            if (exposed.size() > NAMED) {
                LOG.warn("... and {} more files readable by group or others", exposed.size() - NAMED);
            }
        } catch (UnsupportedOperationException notPosix) {
            LOG.info("Not checking who can read etc/ and data/huibo: the file system has no POSIX permissions");
        } catch (IOException e) {
            LOG.warn("Could not check who can read etc/ and data/huibo", e);
        }
    }

    /**
     * The secret files in {@code etc} that group or others may read, then {@code records} and what
     * under it they may reach: a folder they cannot enter hides what is inside.
     */
    static List<Path> exposed(Path etc, Path records) throws IOException {
        List<Path> exposed = new ArrayList<>();
        PathMatcher secret = FileSystems.getDefault().getPathMatcher(SECRET_FILES);
        if (Files.isDirectory(etc)) {
            try (Stream<Path> files = Files.list(etc)) {
                files.filter(f -> Files.isRegularFile(f) && secret.matches(f.getFileName())).sorted()
                        .filter(OwnerOnlyCheck::readableByOthers).forEach(exposed::add);
            }
        }
        if (Files.exists(records)) {
            addReachable(records, exposed);
        }
        return exposed;
    }

    private static void addReachable(Path path, List<Path> exposed) throws IOException {
        if (!Files.isDirectory(path)) {
            if (readableByOthers(path)) {
                exposed.add(path);
            }
            return;
        }
        if (!permits(path, OTHERS_ENTER)) {
            return;
        }
        exposed.add(path);
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.sorted().toList()) {
                addReachable(child, exposed);
            }
        }
    }

    private static boolean readableByOthers(Path file) {
        return permits(file, OTHERS_READ);
    }

    private static boolean permits(Path path, Set<PosixFilePermission> any) {
        try {
            return Files.getPosixFilePermissions(path).stream().anyMatch(any::contains);
        } catch (IOException gone) {
            return false; // removed while we looked: nothing left to read
        }
    }
}
