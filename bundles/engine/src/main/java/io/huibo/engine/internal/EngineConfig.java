package io.huibo.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The call engine's configuration, PID {@code io.huibo.engine}, in {@code etc/io.huibo.engine.cfg}. */
@ObjectClassDefinition(name = "Huibo call engine", description = "Local SIP endpoint, carrier trunk and callback defaults")
public @interface EngineConfig {

    @AttributeDefinition(description = "Local address the SIP stack listens on")
    String sipAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Local SIP port")
    int sipPort() default 5060;

    @AttributeDefinition(description = "SIP transport: udp or tcp")
    String transport() default "udp";

    @AttributeDefinition(description = "Carrier trunk host or address; every call goes there unless a route says otherwise")
    String trunkHost() default "127.0.0.1";

    @AttributeDefinition(description = "Carrier trunk SIP port")
    int trunkPort() default 5070;

    @AttributeDefinition(description = "Static routes ahead of the trunk, longest prefix first: "
            + "'+86138=10.0.0.5:5060, +8613900139000=127.0.0.1:5062'")
    String routes() default "";

    @AttributeDefinition(description = "Virtual numbers (E.164, comma-separated) callbacks may show; the first is the default")
    String displayNumbers() default "+8657188880000";

    @AttributeDefinition(description = "Seconds each leg may ring unless the request says otherwise")
    int ringTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Longest a bridged call may last, in seconds, unless the request says otherwise")
    int maxDurationSeconds() default 3600;
}
