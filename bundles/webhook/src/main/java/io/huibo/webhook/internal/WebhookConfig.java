package io.huibo.webhook.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.huibo.webhook}, in {@code etc/io.huibo.webhook.cfg}: how events are sent and retried. */
@ObjectClassDefinition(name = "Huibo webhooks")
public @interface WebhookConfig {

    @AttributeDefinition(description = "Wait before the first retry, in milliseconds; each further retry waits twice as long")
    long backoffBaseMillis() default 1000;

    @AttributeDefinition(description = "Longest wait between two attempts, in milliseconds")
    long backoffCapMillis() default 600_000;

    @AttributeDefinition(description = "Seconds to wait for a receiver to accept the connection")
    int connectTimeoutSeconds() default 5;

    @AttributeDefinition(description = "Seconds to wait for a receiver's answer before trying again later")
    int requestTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Events sent at the same time, each of a different call or binding")
    int senders() default 4;

    @AttributeDefinition(description = "Seconds between two scans for bindings that expired")
    int expiryScanSeconds() default 5;

    @AttributeDefinition(description = "CIDR blocks and host names, comma-separated, that webhooks may go to although private"
            + " (or loopback, link-local...): an on-premises ERP's network, say 10.1.2.0/24, erp.local. Empty: public addresses only")
    String allowedNetworks() default "";
}
