package io.huibo.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.huibo.security}: the master key that encrypts stored secrets, and the key cache. */
@ObjectClassDefinition(name = "Huibo secrets")
public @interface SecurityConfig {

    @AttributeDefinition(description = "Base64 of 32 random bytes; empty to make one in data/huibo/master.key."
            + " Nodes sharing one database must share it.", type = AttributeType.PASSWORD)
    String masterKey() default "";

    @AttributeDefinition(description = "Most API keys (and as many tenants) kept in memory for a few seconds each;"
            + " unknown key ids are never kept")
    int keyCacheSize() default 10000;
}
