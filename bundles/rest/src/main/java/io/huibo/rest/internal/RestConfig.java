package io.huibo.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The HTTP API's configuration, PID {@code io.huibo.rest}, in {@code etc/io.huibo.rest.cfg}. */
@ObjectClassDefinition(name = "Huibo HTTP API")
public @interface RestConfig {

    @AttributeDefinition(description = "ISO 3166 region whose national format numbers may be given in, e.g. CN")
    String defaultRegion() default "CN";

    @AttributeDefinition(description = "Largest request body accepted, in bytes")
    int maxBodyBytes() default 65536;
}
