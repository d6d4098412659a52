package io.huibo.engine.internal;

/**
 * How calls leave Huibo, as configured now: where each number goes, over which transport,
 * through which outbound proxy, and the credentials for the trunk's digest challenges. A leg
 * keeps the settings it started with, so a change applies to new calls only.
 */
record TrunkSettings(DialPlan dialPlan, String transport, DialPlan.Peer outboundProxy, String username,
        String password) {

    TrunkSettings {
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new IllegalArgumentException("transport must be udp or tcp, not " + transport);
        }
    }

    boolean hasCredentials() {
        return username != null && !username.isBlank();
    }
}
