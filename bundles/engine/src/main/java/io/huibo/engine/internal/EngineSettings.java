package io.huibo.engine.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.huibo.api.PhoneNumber;

/** The engine's configuration, parsed and checked once per change; display numbers in the order configured. */
record EngineSettings(TrunkSettings trunk, List<PhoneNumber> displayNumbers, int ringTimeoutSeconds,
        int maxDurationSeconds, int maxCalls, int keepaliveSeconds) {

    static EngineSettings of(EngineConfig config) {
        DialPlan.Peer proxy = config.outboundProxy().isBlank() ? null : DialPlan.Peer.parse(config.outboundProxy().strip());
        DialPlan.Peer[] alsoTrusted = proxy == null ? new DialPlan.Peer[0] : new DialPlan.Peer[] {proxy};
        DialPlan dialPlan = new DialPlan(new DialPlan.Peer(config.trunkHost(), config.trunkPort()), config.routes(),
                alsoTrusted);
        TrunkSettings trunk = new TrunkSettings(dialPlan, config.transport().strip().toLowerCase(), proxy,
                config.trunkUsername(), config.trunkPassword(), config.defaultRegion());
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
        return new EngineSettings(trunk, List.copyOf(numbers), config.ringTimeoutSeconds(), config.maxDurationSeconds(),
                config.maxCalls(), config.trunkKeepaliveSeconds());
    }
}
