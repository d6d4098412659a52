package io.huibo.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code io.huibo.retention}, in {@code etc/io.huibo.retention.cfg}: how long records are
 * kept once they are over, as ISO-8601 durations. Live records are never purged.
 */
@ObjectClassDefinition(name = "Huibo retention")
public @interface RetentionConfig {

    @AttributeDefinition(description = "Ended calls, counted from their end; under P1D the daily caps per pair count fewer")
    String calls() default "P90D";

    @AttributeDefinition(description = "Bindings deleted or expired, counted from their end")
    String bindings() default "P90D";

    @AttributeDefinition(description = "Webhook events delivered or given up, counted from then")
    String webhookEvents() default "P7D";

    @AttributeDefinition(description = "Vendor events adapters acted on, counted from their arrival")
    String adapterEvents() default "P30D";

    @AttributeDefinition(description = "Idempotency keys and their answers, counted from their first use")
    String idempotencyKeys() default "PT24H";

    @AttributeDefinition(description = "Time between two purges")
    String every() default "PT1H";

    @AttributeDefinition(description = "Rows deleted per transaction, so a purge never holds locks long")
    int batchSize() default 500;
}
