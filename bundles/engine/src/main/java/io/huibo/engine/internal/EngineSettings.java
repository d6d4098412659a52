package io.huibo.engine.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.huibo.api.PhoneNumber;

/**
 * The engine's configuration, parsed and checked once per change; display numbers in the order
 * configured; {@code tls} is null without a TLS key store.
 */
record EngineSettings(TrunkSettings trunk, SipTls tls, List<PhoneNumber> displayNumbers,
        int ringTimeoutSeconds, int maxDurationSeconds, int maxCalls, int keepaliveSeconds, AdmissionSettings admission) {

    static EngineSettings of(EngineConfig config) {
        DialPlan.Peer proxy = config.outboundProxy().isBlank() ? null : DialPlan.Peer.parse(config.outboundProxy().strip());
        DialPlan.Peer[] alsoTrusted = proxy == null ? new DialPlan.Peer[0] : new DialPlan.Peer[] {proxy};
        DialPlan dialPlan = new DialPlan(new DialPlan.Peer(config.trunkHost(), config.trunkPort()), config.routes(),
                alsoTrusted);
        TrunkSettings trunk = new TrunkSettings(dialPlan, config.transport().strip().toLowerCase(), proxy,
                config.trunkUsername(), config.trunkPassword(), config.defaultRegion(), inboundAuth(config));
        SipTls tls = tls(config);
        if (trunk.transport().equals("tls") && tls == null) {
            throw new IllegalArgumentException("transport tls needs sipTlsKeyStore");
        }
        Set<PhoneNumber> numbers = new LinkedHashSet<>();
        for (String n : config.displayNumbers().split(",")) {
            if (!n.isBlank()) {
                numbers.add(PhoneNumber.ofE164(n.strip()));
            }
        }
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("displayNumbers must name at least one number");
        }
        if (config.maxCalls() < 1) {
            throw new IllegalArgumentException("maxCalls must be at least 1");
        }
        return new EngineSettings(trunk, tls, List.copyOf(numbers), config.ringTimeoutSeconds(), config.maxDurationSeconds(),
                config.maxCalls(), config.trunkKeepaliveSeconds(), AdmissionSettings.of(config));
    }

    private static DigestAuthenticator.Credentials inboundAuth(EngineConfig config) {
        if (config.inboundAuthUsername().isBlank()) {
            return null;
        }
        return new DigestAuthenticator.Credentials(config.inboundAuthUsername().strip(), config.inboundAuthPassword(),
                config.inboundAuthRealm().strip(),
                Arrays.stream(config.inboundAuthAlgorithms().split(",")).map(String::strip).filter(a -> !a.isEmpty())
                        .map(a -> a.toUpperCase(Locale.ROOT)).toList(),
                Duration.ofSeconds(config.inboundAuthNonceSeconds()));
    }

    private static SipTls tls(EngineConfig config) {
        if (config.sipTlsKeyStore().isBlank()) {
            return null;
        }
        Path trustStore = config.sipTlsTrustStore().isBlank() ? null : inEtc(config.sipTlsTrustStore());
        return new SipTls(config.sipTlsPort(), inEtc(config.sipTlsKeyStore()), config.sipTlsKeyStorePassword(), trustStore,
                config.sipTlsTrustStorePassword().isEmpty() ? config.sipTlsKeyStorePassword() : config.sipTlsTrustStorePassword(),
                SipTls.ClientAuth.parse(config.sipTlsClientAuth()));
    }

    /** A path as etc/ gives it: relative ones are Karaf's etc/ folder's. */
    private static Path inEtc(String path) {
        Path given = Path.of(path.strip());
        String etc = System.getProperty("karaf.etc");
        return given.isAbsolute() || etc == null ? given : Path.of(etc).resolve(given);
    }
}
