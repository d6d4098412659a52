package io.huibo.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The button's one master key, from the configured secret or a key file made once, and the keys
 * derived from it per purpose, so that a key for one use never serves another.
 */
@Component(service = ButtonKeys.class, configurationPid = "io.huibo.button")
@Designate(ocd = ButtonConfig.class)
public class ButtonKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ButtonKeys.class);
    static final int KEY_BYTES = 32;

    private final byte[] master;

    @Activate
    public ButtonKeys(ButtonConfig config) throws IOException {
        this(config.secret().isEmpty() ? loadOrCreate(keyFile(config)) : decode(config.secret()));
    }

    ButtonKeys(byte[] master) {
        if (master.length < KEY_BYTES) {
            throw new IllegalArgumentException("the button secret must be at least " + KEY_BYTES + " bytes");
        }
        this.master = master.clone();
    }

    /** The key for {@code purpose}: HMAC-SHA256 of the purpose's name under the master key. */
    byte[] derive(String purpose) {
        byte[] name = purpose.getBytes(StandardCharsets.UTF_8);
        return Hmac.sign(Hmac.key(master), name, name.length);
    }

    private static Path keyFile(ButtonConfig config) {
        return config.keyFile().isEmpty()
                ? Path.of(System.getProperty("karaf.data", "data"), "huibo", "button-token.key")
                : Path.of(config.keyFile());
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the button secret is not Base64", e);
        }
    }

    /** The key in {@code file}, made with a new random key first if there is none: readable by the owner only. */
    static byte[] loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return decode(Files.readString(file, StandardCharsets.US_ASCII));
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "button-token", ".tmp");
        try {
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            // whole or not at all: a half-written key would refuse every token after a restart
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.info("Made a new button token key in {}", file);
        return key;
    }
}
