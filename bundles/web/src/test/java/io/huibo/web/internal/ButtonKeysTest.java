package io.huibo.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ButtonKeysTest {
    private final Path file = Path.of("target", "keys-" + UUID.randomUUID(), "huibo", "button-token.key");

    @Test
    void theKeyFileIsMadeOnceReadableByItsOwnerOnlyAndKeptAfterwards() throws Exception {
        byte[] made = ButtonKeys.loadOrCreate(file);
        assertEquals(ButtonKeys.KEY_BYTES, made.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        assertArrayEquals(made, ButtonKeys.loadOrCreate(file));
        assertArrayEquals(new ButtonKeys(made).derive("p"), new ButtonKeys(ButtonKeys.loadOrCreate(file)).derive("p"));
        assertFalse(Arrays.equals(made, ButtonKeys.loadOrCreate(file.resolveSibling("other.key"))), "a new file, a new key");
    }

    @Test
    void eachPurposeGetsAKeyOfItsOwn() {
        ButtonKeys keys = new ButtonKeys(ButtonTokenServiceTest.bytes(32, 1));
        assertFalse(Arrays.equals(keys.derive("button-token-mac"), keys.derive("button-progress")));
    }

    @Test
    void aSecretShorterThan32BytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ButtonKeys(ButtonTokenServiceTest.bytes(31, 1)));
    }
}
