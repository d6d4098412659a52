package io.huibo.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The call button's configuration, PID {@code io.huibo.button}, in {@code etc/io.huibo.button.cfg}. */
@ObjectClassDefinition(name = "Huibo call button")
public @interface ButtonConfig {

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Base64 of at least 32 random bytes that"
            + " seal the button tokens; the same on every node behind one address. Empty: the key file's")
    String secret() default "";

    @AttributeDefinition(description = "Where the key is kept when no secret is set; made once, with a new"
            + " random key, when missing. Empty: data/huibo/button-token.key in Karaf's data directory")
    String keyFile() default "";

    @AttributeDefinition(description = "The longest time to live a button token may be minted with, in seconds")
    int maxTtlSeconds() default 600;
}
