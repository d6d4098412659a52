package io.huibo.adapter.ktv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The KTV adapter's configuration, PID {@code io.huibo.adapter.ktv}, in {@code etc/io.huibo.adapter.ktv.cfg}. */
@ObjectClassDefinition(name = "Huibo KTV adapter")
public @interface KtvConfiguration {

    @AttributeDefinition(description = "The tenant whose numbers, bindings and calls the KTV's bookings use")
    String tenant() default "default";

    @AttributeDefinition(description = "The ISO 3166 region whose national format the room system's numbers may be in")
    String region() default "CN";

    @AttributeDefinition(description = "The store whose staff roster (etc/io.huibo.staff-*.cfg) names the front desk")
    String store() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The secret the room system signs each request"
            + " with (headers X-Ktv-Timestamp, X-Ktv-Nonce, X-Ktv-Signature). Empty: every request is refused")
    String secret() default "";

    @AttributeDefinition(description = "Seconds after a booking's start at which a guest not checked in gets the"
            + " front desk's callback")
    int noShowAfterSeconds() default 900;

    @AttributeDefinition(description = "The pool number (E.164) the front desk and the guest see on callbacks."
            + " Empty: the engine's default")
    String display() default "";

    @AttributeDefinition(description = "The front desk's number (E.164) when the staff roster names no one. Empty: none")
    String frontDesk() default "";

    @AttributeDefinition(description = "Each room's phone, as 'room=number (E.164)' separated by ','")
    String roomPhones() default "";

    @AttributeDefinition(description = "The area code the guest-front desk bindings' X should be of. Empty: any")
    String city() default "";

    @AttributeDefinition(description = "How long a room-service button token is valid, in seconds")
    int buttonTokenTtlSeconds() default 300;
}
