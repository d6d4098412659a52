package io.huibo.engine.internal;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.huibo.api.CallStore;
import io.huibo.api.PhoneNumber;

/**
 * Decides whether a call from one number to another may be placed now: not from or to a
 * blacklisted number, not in the quiet hours, not past the pair's cap for the day (counted in the
 * store, so a restart forgets nothing). Callbacks and relayed calls answer to the same rules.
 */
@Component(service = HarassmentPolicy.class, configurationPid = "io.huibo.policy")
@Designate(ocd = PolicyConfig.class)
public class HarassmentPolicy {

    /** The rules as configured now. */
    private record Rules(int dailyCap, LocalTime quietStart, LocalTime quietEnd, ZoneId zone, Set<PhoneNumber> blacklist) {
    }

    private final CallStore calls;
    private final Clock clock;
    private volatile Rules rules;

    @Activate
    public HarassmentPolicy(@Reference CallStore calls, PolicyConfig config) {
        this(calls, config, Clock.systemUTC());
    }

    HarassmentPolicy(CallStore calls, PolicyConfig config, Clock clock) {
        this.calls = calls;
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(PolicyConfig config) {
        Set<PhoneNumber> blacklist = new HashSet<>();
        for (String n : config.blacklist().split(",")) {
            if (!n.isBlank()) {
                blacklist.add(PhoneNumber.ofE164(n.strip()));
            }
        }
        boolean quiet = !config.quietHoursStart().isBlank() && !config.quietHoursEnd().isBlank();
        rules = new Rules(config.dailyCapPerPair(), quiet ? LocalTime.parse(config.quietHoursStart().strip()) : null,
                quiet ? LocalTime.parse(config.quietHoursEnd().strip()) : null, ZoneId.of(config.zone().strip()),
                Set.copyOf(blacklist));
    }

    /** Why a call from {@code caller} to {@code callee} may not be placed now, or empty if it may. */
    Optional<String> blocks(PhoneNumber caller, PhoneNumber callee) {
        Rules r = rules;
        if (r.blacklist().contains(caller) || r.blacklist().contains(callee)) {
            return Optional.of("a number of this call is blacklisted");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(r.zone()));
        if (r.quietStart() != null && inQuietHours(now.toLocalTime(), r.quietStart(), r.quietEnd())) {
            return Optional.of("calls are not placed in the quiet hours " + r.quietStart() + "–" + r.quietEnd());
        }
        if (r.dailyCap() > 0
                && calls.countSince(caller, callee, now.toLocalDate().atStartOfDay(r.zone()).toInstant()) >= r.dailyCap()) {
            return Optional.of("this pair has had its " + r.dailyCap() + " calls for today");
        }
        return Optional.empty();
    }

    static boolean inQuietHours(LocalTime time, LocalTime start, LocalTime end) {
        return start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end); // over midnight
    }
}
