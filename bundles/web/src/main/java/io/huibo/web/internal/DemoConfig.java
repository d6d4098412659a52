package io.huibo.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The demo ERP page, PID {@code io.huibo.demo}, in {@code etc/io.huibo.demo.cfg}; without that file no demo. */
@ObjectClassDefinition(name = "Huibo demo ERP page")
public @interface DemoConfig {

    @AttributeDefinition(description = "Serve the demo ERP page at /huibo/demo/. Anyone who can open it can"
            + " have its numbers called: turn it off on a server that matters")
    boolean enabled() default false;

    @AttributeDefinition(description = "The tenant the demo's tokens are minted for")
    String tenant() default "default";

    @AttributeDefinition(description = "The phone of the ERP user, called first (E.164)")
    String agent();

    @AttributeDefinition(description = "The bookings listed, separated by ';', each"
            + " 'reference|guest|what|customer number (E.164)'")
    String bookings();

    @AttributeDefinition(description = "How long each button's token is valid, in seconds")
    int tokenTtlSeconds() default 300;
}
