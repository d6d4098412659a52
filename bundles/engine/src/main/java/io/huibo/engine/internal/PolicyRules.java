package io.huibo.engine.internal;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

import io.huibo.api.PhoneNumber;

/** One set of anti-harassment rules, read from a {@link PolicyConfig}: the global one or a tenant's. */
record PolicyRules(int dailyCap, LocalTime quietStart, LocalTime quietEnd, ZoneId zone, Set<PhoneNumber> blacklist) {

    static PolicyRules of(PolicyConfig config) {
        Set<PhoneNumber> blacklist = new HashSet<>();
        for (String n : config.blacklist().split(",")) {
            if (!n.isBlank()) {
                blacklist.add(PhoneNumber.ofE164(n.strip()));
            }
        }
        boolean quiet = !config.quietHoursStart().isBlank() && !config.quietHoursEnd().isBlank();
        return new PolicyRules(config.dailyCapPerPair(), quiet ? LocalTime.parse(config.quietHoursStart().strip()) : null,
                quiet ? LocalTime.parse(config.quietHoursEnd().strip()) : null, ZoneId.of(config.zone().strip()),
                Set.copyOf(blacklist));
    }

    boolean hasQuietHours() {
        return quietStart != null;
    }
}
