package io.huibo.engine.internal;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.BindingException;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;

/**
 * The numbers callbacks show, all from the pool: a tenant shows only numbers of its own pool, and
 * the engine's configured {@code displayNumbers} are the default tenant's. A configured number in
 * no pool joins the default tenant's, as a vendor who wrote it into {@code etc/} expects; one in
 * another tenant's pool is never shown for the default tenant.
 */
final class DisplayNumbers {
    private static final Logger LOG = LoggerFactory.getLogger(DisplayNumbers.class);

    private DisplayNumbers() {
    }

    /** Puts the configured numbers that are in no pool into the default tenant's; logs those of another tenant. */
    static void claim(NumberPool pool, List<PhoneNumber> configured) {
        for (PhoneNumber number : configured) {
            Optional<String> owner = pool.ownerOf(number);
            if (owner.isEmpty()) {
                try {
                    pool.add(Tenant.DEFAULT, number, null, null);
                    continue;
                } catch (BindingException e) { // another node or the operator took it meanwhile
                    owner = pool.ownerOf(number);
                }
            }
            if (owner.isPresent() && !owner.get().equals(Tenant.DEFAULT)) {
                LOG.error("Display number {} of etc/io.huibo.engine.cfg is in the pool of tenant {}, not the default"
                        + " tenant's: it is not shown", number.e164(), owner.get());
            }
        }
    }

    /**
     * The number a callback of {@code tenantId} shows: {@code requested}, which must be of the
     * tenant's pool, else for the default tenant the first configured number still in its pool,
     * else the tenant's first pool number.
     *
     * @param pool null while the binding bundle is away
     */
    static PhoneNumber choose(NumberPool pool, String tenantId, PhoneNumber requested, List<PhoneNumber> configured) {
        if (pool == null) {
            throw new CallbackRejectedException(Reason.OVERLOADED, "the number pool is not available");
        }
        if (requested != null) {
            if (!pool.ownerOf(requested).filter(tenantId::equals).isPresent()) {
                throw new CallbackRejectedException(Reason.INVALID_NUMBER,
                        "display " + requested.e164() + " is not a number of the tenant's pool");
            }
            return requested;
        }
        if (Tenant.DEFAULT.equals(tenantId)) {
            for (PhoneNumber number : configured) {
                if (pool.ownerOf(number).filter(Tenant.DEFAULT::equals).isPresent()) {
                    return number;
                }
            }
        }
        return pool.list(tenantId).stream().map(PoolNumber::number).findFirst()
                .orElseThrow(() -> new CallbackRejectedException(Reason.INVALID_REQUEST,
                        "the tenant has no pool number to show; add one or give display"));
    }
}
