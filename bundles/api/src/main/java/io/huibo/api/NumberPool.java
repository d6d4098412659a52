package io.huibo.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The virtual numbers X that bindings and callbacks may show, each in at most one tenant's pool.
 * Only the install's operator adds them (the shell, an operator key); a tenant lists and releases
 * its own. Implemented by the binding bundle.
 */
@ProviderType
public interface NumberPool {

    /** @throws BindingException BIND_CONFLICT if the number is in a pool already, this tenant's or another's */
    PoolNumber add(String tenantId, PhoneNumber number, String city, String storeId);

    /** The tenant whose pool holds {@code number}, if any. */
    Optional<String> ownerOf(PhoneNumber number);

    /** The tenant's pool numbers, in number order. */
    List<PoolNumber> list(String tenantId);

    /**
     * @throws BindingException NOT_FOUND if not in the tenant's pool, NUMBER_IN_USE while an
     *         active binding holds it
     */
    void remove(String tenantId, PhoneNumber number);
}
