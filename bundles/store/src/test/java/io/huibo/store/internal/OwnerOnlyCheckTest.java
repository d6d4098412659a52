package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyCheckTest {
    @TempDir
    Path home;
    private Path etc;
    private Path records;

    @BeforeEach
    void shippedLayout() throws IOException {
        etc = Files.createDirectory(home.resolve("etc"));
        records = Files.createDirectories(home.resolve("data/huibo"));
        file(etc.resolve("io.huibo.apikey-erp.cfg"), "rw-------");
        file(etc.resolve("io.huibo.engine.cfg"), "rw-------");
        file(etc.resolve("users.properties"), "rw-------");
        file(etc.resolve("org.apache.karaf.log.cfg"), "rw-r--r--"); // no secret in it
        mode(records, "rwx------");
        file(records.resolve("master.key"), "rw-------");
        mode(Files.createDirectory(records.resolve("derby")), "rwx------");
        file(records.resolve("derby/service.properties"), "rw-r--r--"); // behind a folder others cannot enter
    }

    @Test
    void nothingWhenSecretsAndRecordsAreOwnerOnly() throws IOException {
        assertEquals(List.of(), OwnerOnlyCheck.exposed(etc, records));
    }

    @Test
    void namesEachSecretFileGroupOrOthersMayRead() throws IOException {
        mode(etc.resolve("io.huibo.apikey-erp.cfg"), "rw-r--r--");
        mode(etc.resolve("users.properties"), "rw-r-----");
        file(etc.resolve("huibo-https.p12"), "rw----r--");
        assertEquals(List.of(etc.resolve("huibo-https.p12"), etc.resolve("io.huibo.apikey-erp.cfg"),
                etc.resolve("users.properties")), OwnerOnlyCheck.exposed(etc, records));
    }

    @Test
    void namesRecordFoldersOthersMayEnterAndTheFilesTheyReachThere() throws IOException {
        mode(records, "rwxr-xr-x");
        mode(records.resolve("derby"), "rwx--x--x");
        assertEquals(List.of(records, records.resolve("derby"), records.resolve("derby/service.properties")),
                OwnerOnlyCheck.exposed(etc, records));
    }

    @Test
    void noRecordsYetIsNothingToReport() throws IOException {
        assertEquals(List.of(), OwnerOnlyCheck.exposed(etc, home.resolve("data/none")));
    }

    private static void file(Path file, String mode) throws IOException {
        mode(Files.writeString(file, "x"), mode);
    }

    private static void mode(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }
}
