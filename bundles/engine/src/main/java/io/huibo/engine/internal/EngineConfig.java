package io.huibo.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The call engine's configuration, PID {@code io.huibo.engine}, in {@code etc/io.huibo.engine.cfg}.
 * Everything but the local address and port applies at once to new calls, without a restart.
 */
@ObjectClassDefinition(name = "Huibo call engine", description = "Local SIP endpoint, carrier trunk and callback defaults")
public @interface EngineConfig {

    @AttributeDefinition(description = "Local address the SIP stack listens on (UDP and TCP); a change restarts the engine")
    String sipAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Local SIP port; a change restarts the engine")
    int sipPort() default 5060;

    @AttributeDefinition(description = "Local TLS port, when sipTlsKeyStore is set; a change restarts the engine")
    int sipTlsPort() default 5061;

    @AttributeDefinition(description = "Key store (PKCS12 or JKS) with Huibo's TLS certificate, relative to etc/; empty for no TLS")
    String sipTlsKeyStore() default "";

    @AttributeDefinition(description = "Password of the TLS key store and of its key", type = AttributeType.PASSWORD)
    String sipTlsKeyStorePassword() default "";

    @AttributeDefinition(description = "Trust store with the certificates (or their CAs) of the TLS peers, relative to etc/")
    String sipTlsTrustStore() default "";

    @AttributeDefinition(description = "Password of the TLS trust store", type = AttributeType.PASSWORD)
    String sipTlsTrustStorePassword() default "";

    @AttributeDefinition(description = "Whether a TLS peer must show a certificate of the trust store: required, optional or none")
    String sipTlsClientAuth() default "required";

    @AttributeDefinition(description = "Transport towards the trunk and routes: udp, tcp or tls")
    String transport() default "udp";

    @AttributeDefinition(description = "Carrier trunk host or address; every call goes there unless a route says otherwise")
    String trunkHost() default "127.0.0.1";

    @AttributeDefinition(description = "Carrier trunk SIP port")
    int trunkPort() default 5070;

    @AttributeDefinition(description = "Outbound proxy every INVITE is routed through, host:port; empty for none")
    String outboundProxy() default "";

    @AttributeDefinition(description = "User name for the trunk's digest challenges (401/407); empty for none")
    String trunkUsername() default "";

    @AttributeDefinition(description = "Password for the trunk's digest challenges", type = AttributeType.PASSWORD)
    String trunkPassword() default "";

    @AttributeDefinition(description = "User name the trunk's INVITEs must authenticate as (digest); empty for no authentication")
    String inboundAuthUsername() default "";

    @AttributeDefinition(description = "Password the trunk's INVITEs must prove", type = AttributeType.PASSWORD)
    String inboundAuthPassword() default "";

    @AttributeDefinition(description = "Realm of Huibo's digest challenges")
    String inboundAuthRealm() default "huibo";

    @AttributeDefinition(description = "Digest algorithms offered, the preferred first: SHA-256 and/or MD5")
    String inboundAuthAlgorithms() default "SHA-256, MD5";

    @AttributeDefinition(description = "Seconds a digest nonce stays valid; after it the trunk is challenged again (stale)")
    int inboundAuthNonceSeconds() default 300;

    @AttributeDefinition(description = "Seconds between OPTIONS keep-alives to the trunk; 0 turns them off")
    int trunkKeepaliveSeconds() default 30;

    @AttributeDefinition(description = "ISO 3166 region whose national format the trunk's numbers may come in, e.g. CN")
    String defaultRegion() default "CN";

    @AttributeDefinition(description = "Static routes ahead of the trunk, longest prefix first: "
            + "'+86138=10.0.0.5:5060, +8613900139000=127.0.0.1:5062'")
    String routes() default "";

    @AttributeDefinition(description = "The default tenant's display numbers (E.164, comma-separated), the first"
            + " its default; those in no pool join its pool, those in another tenant's are not shown")
    String displayNumbers() default "+8657188880000";

    @AttributeDefinition(description = "Seconds each leg may ring unless the request says otherwise")
    int ringTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Longest a bridged call may last, in seconds, unless the request says otherwise")
    int maxDurationSeconds() default 3600;

    @AttributeDefinition(description = "Calls in progress at most; past it new callbacks and INVITEs get 503")
    int maxCalls() default 1000;

    @AttributeDefinition(description = "Shed new calls (503) while the engine's INVITEs wait this many ms for their first"
            + " response (the median of the last 16 of the last 3 s, once there are 4); 0 not to watch it")
    int admissionSetupMillis() default 300;

    @AttributeDefinition(description = "Shed new calls while the SIP stack's own OPTIONS probes, sent at most every 100 ms"
            + " to itself, take this many ms to come back, two in a row: the work it has queued; 0 not to probe")
    int admissionStackLagMillis() default 150;

    @AttributeDefinition(description = "Shed new calls while the INVITEs sent are retransmitted this many times each,"
            + " over the last seconds; 0 not to watch it")
    double admissionRetransmissionsPerInvite() default 1.0;

    @AttributeDefinition(description = "Once shedding, admit again only when every signal is below its threshold"
            + " times this fraction (0 to 1]")
    double admissionResumeFraction() default 0.5;

    @AttributeDefinition(description = "Once shedding, shed for at least this many ms")
    int admissionHoldMillis() default 500;
}
