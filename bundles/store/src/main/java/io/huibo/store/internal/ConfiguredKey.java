package io.huibo.store.internal;

import java.util.EnumSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Right;
import io.huibo.api.TenantException;
import io.huibo.api.TenantService;
import io.huibo.api.WireName;

/**
 * An API key declared in {@code etc/io.huibo.apikey-<name>.cfg}, put into the store whenever the
 * file is read: how an install gets its first key without a shell. Deleting the file leaves the
 * key; {@code huibo:key-revoke} ends it for good: a revoked key is not put again at the next start.
 */
@Component(configurationPid = "io.huibo.apikey", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConfiguredKey.Config.class, factory = true)
public class ConfiguredKey {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredKey.class);

    @ObjectClassDefinition(name = "Huibo API key")
    @interface Config {
        @AttributeDefinition(description = "The tenant the key belongs to; made if absent")
        String tenant();

        @AttributeDefinition(description = "The key id clients send as X-Huibo-Key")
        String keyId();

        @AttributeDefinition(description = "The secret, at least 16 characters", type = AttributeType.PASSWORD)
        String secret();

        @AttributeDefinition(description = "Comma-separated rights: calls, bindings, numbers, reveal, admin, operator")
        String rights() default "calls,bindings,numbers";
    }

    private final TenantService tenants;

    @Activate
    public ConfiguredKey(@Reference TenantService tenants, Config config) {
        this.tenants = tenants;
        apply(config);
    }

    @Modified
    void apply(Config config) {
        try {
            tenants.putKey(config.tenant(), config.keyId(), config.secret(), rights(config.rights()));
            LOG.info("API key {} of tenant {} configured", config.keyId(), config.tenant());
        } catch (TenantException | IllegalArgumentException e) {
            LOG.warn("API key {} in etc/ is not usable: {}", config.keyId(), e.getMessage());
        }
    }

    static Set<Right> rights(String list) {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        for (String right : list.split(",")) {
            if (!right.isBlank()) {
                rights.add(WireName.parse(Right.class, right.trim()));
            }
        }
        return rights;
    }
}
