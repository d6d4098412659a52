package io.huibo.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The virtual numbers X that bindings and callbacks may show. Implemented by the binding bundle. */
@ProviderType
public interface NumberPool {

    /** @throws BindingException BIND_CONFLICT if the number is in the pool already */
    PoolNumber add(PhoneNumber number, String city, String storeId);

    List<PoolNumber> list();

    /** @throws BindingException NOT_FOUND if absent, NUMBER_IN_USE while an active binding holds it */
    void remove(PhoneNumber number);
}
