package io.huibo.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The HTTP API's configuration, PID {@code io.huibo.rest}, in {@code etc/io.huibo.rest.cfg}. */
@ObjectClassDefinition(name = "Huibo HTTP API")
public @interface RestConfig {

    @AttributeDefinition(description = "Largest request body accepted, in bytes")
    int maxBodyBytes() default 65536;

    @AttributeDefinition(description = "Requests a second one API key may make on average")
    double rateLimitPerSecond() default 1000;

    @AttributeDefinition(description = "Requests one API key may make in a burst above that rate")
    int rateLimitBurst() default 2000;

    @AttributeDefinition(description = "Failed authentications one source address (IPv6: one /64) may make in a burst;"
            + " past it, the address gets 429 until it has waited")
    int authFailureBurst() default 20;

    @AttributeDefinition(description = "Failed authentications a second one source address may make on average")
    double authFailuresPerSecond() default 1;

    @AttributeDefinition(description = "Source addresses whose failures are counted at once; the least active are dropped")
    int authFailureAddresses() default 100000;
}
