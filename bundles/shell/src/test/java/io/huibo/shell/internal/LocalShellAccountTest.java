package io.huibo.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalShellAccountTest {
    /** What Karaf 4.4 ships: every user commented out, the administrators' group defined. */
    private static final String SHIPPED = "#karaf = karaf,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n";

    @TempDir
    Path etc;

    @Test
    void aFreshInstallGetsTheLocalAccountWithARandomPasswordInTheAdministratorsGroup() throws IOException {
        Path users = shipped();
        assertTrue(LocalShellAccount.ensure(users, new SecureRandom()));
        Properties read = load(users);
        String[] account = read.getProperty(LocalShellAccount.USER).split(",");
        assertEquals(2, account.length);
        assertTrue(account[0].matches("[A-Za-z0-9_-]{32}"), account[0]);
        assertEquals("_g_:admingroup", account[1]);
        assertEquals("group,admin,manager,viewer,systembundles,ssh", read.getProperty("_g_:admingroup"));
        assertTrue(Files.readString(users).startsWith(SHIPPED), "the shipped lines are kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
    }

    @Test
    void eachInstallHasAPasswordOfItsOwn() throws IOException {
        Path first = shipped();
        LocalShellAccount.ensure(first, new SecureRandom());
        String firstPassword = load(first).getProperty(LocalShellAccount.USER);
        Files.delete(first);
        Path second = shipped();
        LocalShellAccount.ensure(second, new SecureRandom());
        assertNotEquals(firstPassword, load(second).getProperty(LocalShellAccount.USER));
    }

    @Test
    void aLaterStartKeepsTheAccountItMade() throws IOException {
        Path users = shipped();
        LocalShellAccount.ensure(users, new SecureRandom());
        String made = Files.readString(users);
        assertFalse(LocalShellAccount.ensure(users, new SecureRandom()));
        assertEquals(made, Files.readString(users));
    }

    @Test
    void anOperatorsOwnUserIsLeftAlone() throws IOException {
        Path users = Files.writeString(etc.resolve("users.properties"), SHIPPED + "ops = {CRYPT}abc{CRYPT},_g_:admingroup\n");
        assertFalse(LocalShellAccount.ensure(users, new SecureRandom()));
        assertEquals(SHIPPED + "ops = {CRYPT}abc{CRYPT},_g_:admingroup\n", Files.readString(users));
    }

    @Test
    void noUsersFileAtAllGetsOneOwnerOnlyWithTheGroupDefined() throws IOException {
        Path users = etc.resolve("users.properties");
        assertTrue(LocalShellAccount.ensure(users, new SecureRandom()));
        Properties read = load(users);
        assertTrue(read.getProperty(LocalShellAccount.USER).endsWith(",_g_:admingroup"));
        assertEquals("group,admin,manager,viewer,systembundles,ssh", read.getProperty("_g_:admingroup"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        try (var left = Files.list(etc)) {
            assertEquals(1, left.count(), "no temporary file is left behind");
        }
    }

    private Path shipped() throws IOException {
        Path users = Files.writeString(etc.resolve("users.properties"), SHIPPED);
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        return users;
    }

    private static Properties load(Path users) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(users)));
        return properties;
    }
}
