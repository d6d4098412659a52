package io.huibo.engine.internal;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.huibo.api.CallStore;
import io.huibo.api.PhoneNumber;

/**
 * Decides whether a call from one number to another may be placed now: not from or to a
 * blacklisted number, not in the quiet hours, not past the pair's cap for the day (counted in the
 * store among the tenant's calls, so a restart forgets nothing). Callbacks and relayed calls
 * answer to the same rules: a tenant's own ({@link TenantPolicy}) where it has them, else the global ones.
 */
@Component(service = HarassmentPolicy.class, configurationPid = "io.huibo.policy")
@Designate(ocd = PolicyConfig.class)
public class HarassmentPolicy {
    private final CallStore calls;
    private final Clock clock;
    private final Map<String, PolicyRules> tenantRules = new ConcurrentHashMap<>();
    private volatile PolicyRules rules;

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
        rules = PolicyRules.of(config);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTenantPolicy(TenantPolicy policy) {
        tenantRules.put(policy.tenant(), policy.rules());
    }

    void removeTenantPolicy(TenantPolicy policy) {
        tenantRules.remove(policy.tenant(), policy.rules());
    }

    /** Why a call of {@code tenantId} from {@code caller} to {@code callee} may not be placed now, or empty if it may. */
    Optional<String> blocks(String tenantId, PhoneNumber caller, PhoneNumber callee) {
        PolicyRules r = tenantRules.getOrDefault(tenantId, rules);
        if (r.blacklist().contains(caller) || r.blacklist().contains(callee)) {
            return Optional.of("a number of this call is blacklisted");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(r.zone()));
        if (r.hasQuietHours() && inQuietHours(now.toLocalTime(), r.quietStart(), r.quietEnd())) {
            return Optional.of("calls are not placed in the quiet hours " + r.quietStart() + "–" + r.quietEnd());
        }
        if (r.dailyCap() > 0 && calls.countSince(tenantId, caller, callee,
                now.toLocalDate().atStartOfDay(r.zone()).toInstant()) >= r.dailyCap()) {
            return Optional.of("this pair has had its " + r.dailyCap() + " calls for today");
        }
        return Optional.empty();
    }

    static boolean inQuietHours(LocalTime time, LocalTime start, LocalTime end) {
        return start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end); // over midnight
    }
}
