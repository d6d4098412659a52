package io.huibo.adapters.clinic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * What the MLLP listener lets a sender do: frames up to {@code maxFrameBytes}, a connection silent
 * for {@code idleTimeout} closed, at most {@code maxConnections} open and {@code maxPerAddress}
 * from one address, only from {@code allowed} addresses, over plain TCP or TLS as {@code sockets} makes.
 */
record MllpOptions(int maxFrameBytes, Duration idleTimeout, int maxConnections, int maxPerAddress,
        AddressAllowlist allowed, ServerSocketFactory sockets) {

    MllpOptions {
        if (maxFrameBytes < 1 || idleTimeout.isNegative() || idleTimeout.isZero() || maxConnections < 1
                || maxPerAddress < 1) {
            throw new IllegalArgumentException("the MLLP frame size, idle timeout and connection caps must be positive");
        }
    }

    /** Plain TCP. */
    static ServerSocketFactory plain() {
        return ServerSocketFactory.getDefault();
    }

    /** TLS with the key and certificate in {@code keystore} (relative to Karaf's {@code etc/}). */
    static ServerSocketFactory tls(String keystore, String password, String type) {
        Path path = Path.of(System.getProperty("karaf.etc", "etc")).resolve(keystore);
        char[] secret = password.toCharArray();
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keys = KeyStore.getInstance(type);
            keys.load(in, secret);
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context.getServerSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("mllpKeystore " + path + " cannot be read: " + e.getMessage(), e);
        }
    }
}
