package io.huibo.adapter.restaurant.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The restaurant adapter's configuration, PID {@code io.huibo.adapter.restaurant}, in {@code etc/io.huibo.adapter.restaurant.cfg}. */
@ObjectClassDefinition(name = "Huibo restaurant adapter")
public @interface RestaurantConfiguration {

    @AttributeDefinition(description = "The tenant whose numbers, bindings and calls the restaurant uses")
    String tenant() default "default";

    @AttributeDefinition(description = "The ISO 3166 region whose national format the POS's numbers may be in")
    String region() default "CN";

    @AttributeDefinition(description = "The store whose staff roster (etc/io.huibo.staff-*.cfg) names the host stand")
    String store() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The secret the POS signs each request with"
            + " (headers X-Restaurant-Timestamp, X-Restaurant-Nonce, X-Restaurant-Signature). Empty: every request is refused")
    String secret() default "";

    @AttributeDefinition(description = "The pool number (E.164) the host and the guest see on callbacks. Empty: the engine's default")
    String display() default "";

    @AttributeDefinition(description = "The host stand's number (E.164) when the staff roster names no one. Empty: none")
    String host() default "";

    @AttributeDefinition(description = "How long before a reservation the host's confirmation call is placed, in"
            + " seconds; a reservation made later than that is confirmed at once")
    int confirmationLeadSeconds() default 7200;

    @AttributeDefinition(description = "How long a rider-customer binding lives if the order is never closed, in seconds")
    int deliveryTtlSeconds() default 7200;

    @AttributeDefinition(description = "The area code the rider-customer bindings' X should be of. Empty: any")
    String city() default "";
}
