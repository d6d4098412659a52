package io.huibo.engine.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A tenant's own anti-harassment rules, from {@code etc/io.huibo.policy.tenant-<name>.cfg}
 * (factory PID {@code io.huibo.policy.tenant}, its {@code tenant} naming whose): they replace the
 * global rules of {@code io.huibo.policy} for that tenant's callbacks and relayed calls.
 */
@Component(service = TenantPolicy.class, configurationPid = "io.huibo.policy.tenant",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PolicyConfig.class, factory = true)
public class TenantPolicy {
    private final String tenant;
    private final PolicyRules rules;

    @Activate
    public TenantPolicy(PolicyConfig config) {
        if (config.tenant().isBlank()) {
            throw new IllegalArgumentException("a tenant's policy names its tenant");
        }
        this.tenant = config.tenant().strip();
        this.rules = PolicyRules.of(config);
    }

    String tenant() {
        return tenant;
    }

    PolicyRules rules() {
        return rules;
    }
}
