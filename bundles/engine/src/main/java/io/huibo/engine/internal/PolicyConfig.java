package io.huibo.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Anti-harassment rules: the global ones, PID {@code io.huibo.policy} in {@code etc/io.huibo.policy.cfg},
 * or a tenant's, factory PID {@code io.huibo.policy.tenant}.
 */
@ObjectClassDefinition(name = "Huibo anti-harassment policy",
        description = "Per-pair daily caps, quiet hours and a blacklist, for callbacks and relayed calls alike")
public @interface PolicyConfig {

    @AttributeDefinition(description = "Calls from one number to another per day at most (callbacks and relays); 0 for no cap")
    int dailyCapPerPair() default 20;

    @AttributeDefinition(description = "Start of the quiet hours, HH:mm, in the zone below; empty for none")
    String quietHoursStart() default "";

    @AttributeDefinition(description = "End of the quiet hours, HH:mm; may be earlier than the start (over midnight)")
    String quietHoursEnd() default "";

    @AttributeDefinition(description = "Time zone of the quiet hours and of the day the cap counts, e.g. Asia/Shanghai")
    String zone() default "Asia/Shanghai";

    @AttributeDefinition(description = "Numbers (E.164, comma-separated) that may neither be called nor call in")
    String blacklist() default "";

    @AttributeDefinition(description = "The tenant these rules are for, in a factory configuration io.huibo.policy.tenant;"
            + " empty in the global io.huibo.policy, which holds for every tenant without rules of its own")
    String tenant() default "";
}
