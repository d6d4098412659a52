package io.huibo.engine.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Properties;

import javax.net.ssl.SSLContext;

/**
 * The SIP stack's TLS listening point (RFC 3261 §26.2.1, RFC 5630), as etc/ configures it: our
 * certificate's key store, the store of the peers' certificates we trust, and whether a peer
 * must show one. Only TLS 1.3 and 1.2 with the JVM's default cipher suites: JAIN-SIP's own
 * defaults still offer TLS 1.0 and anonymous suites.
 */
record SipTls(int port, Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
        ClientAuth clientAuth) {

    /** Whether a peer must present a certificate of the trust store. */
    enum ClientAuth {
        REQUIRED("Enabled"), OPTIONAL("Want"), NONE("Disabled");

        private final String stackName;

        ClientAuth(String stackName) {
            this.stackName = stackName;
        }

        static ClientAuth parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sipTlsClientAuth must be required, optional or none, not " + text);
            }
        }
    }

    SipTls {
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("the SIP TLS key store " + keyStore + " cannot be read");
        }
        if (trustStore == null && clientAuth != ClientAuth.NONE) {
            // else the JVM's public CAs would vouch for any peer that bought a certificate
            throw new IllegalArgumentException("sipTlsClientAuth " + clientAuth + " needs sipTlsTrustStore");
        }
        if (trustStore != null && !Files.isReadable(trustStore)) {
            throw new IllegalArgumentException("the SIP TLS trust store " + trustStore + " cannot be read");
        }
    }

    /** The stack properties that configure JAIN-SIP's TLS from these settings. */
    void addTo(Properties properties) {
        properties.setProperty("javax.net.ssl.keyStore", keyStore.toString());
        properties.setProperty("javax.net.ssl.keyStorePassword", keyStorePassword);
        if (trustStore != null) {
            properties.setProperty("javax.net.ssl.trustStore", trustStore.toString());
            properties.setProperty("javax.net.ssl.trustStorePassword", trustStorePassword);
        }
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", clientAuth.stackName);
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3, TLSv1.2");
        try {
            properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES",
                    String.join(",", SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
        // a peer that connects and never finishes its handshake holds a thread: not for long
        properties.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "5000");
    }
}
