package io.huibo.engine.internal;

/**
 * How calls leave Huibo, as configured now: where each number goes, over which transport,
 * through which outbound proxy, the credentials for the trunk's digest challenges, and the region
 * whose national format the trunk's numbers may come in; and what the trunk's INVITEs must
 * prove ({@code inboundAuth}, null for nothing beyond their source). A leg
 * keeps the settings it started with, so a change applies to new calls only.
 */
record TrunkSettings(DialPlan dialPlan, String transport, DialPlan.Peer outboundProxy, String username,
        String password, String region, DigestAuthenticator.Credentials inboundAuth) {

    TrunkSettings {
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            throw new IllegalArgumentException("transport must be udp, tcp or tls, not " + transport);
        }
    }

    boolean hasCredentials() {
        return username != null && !username.isBlank();
    }
}
