package io.huibo.engine.internal;

/**
 * How calls leave Huibo, as configured now: where each number goes, over which transport,
 * through which outbound proxy, the credentials for the trunk's digest challenges, and the region
 * whose national format the trunk's numbers may come in. A leg
 * keeps the settings it started with, so a change applies to new calls only.
 */
record TrunkSettings(DialPlan dialPlan, String transport, DialPlan.Peer outboundProxy, String username,
        String password, String region) {

    TrunkSettings {
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new IllegalArgumentException("transport must be udp or tcp, not " + transport);
        }
    }

    boolean hasCredentials() {
        return username != null && !username.isBlank();
    }
}
