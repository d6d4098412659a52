package io.huibo.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.huibo.api.Binding;
import io.huibo.api.BindingException;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;

/**
 * Durable pool numbers and bindings, each operation atomic. The store owns the invariant of
 * {@link BindingService}: for one X, a number is in at most one active binding, and an AXN
 * binding holds its X alone. Bindings whose {@code expiresAt} has passed stop counting at once,
 * without a sweeper; ended bindings stay on record. Implemented by the store bundle; validation
 * of requests is the caller's.
 */
@ProviderType
public interface BindingStore {

    /** @throws BindingException BIND_CONFLICT if the number is in a pool already, any tenant's */
    PoolNumber addNumber(PoolNumber number);

    /** The tenant's pool numbers, in number order. */
    List<PoolNumber> numbers(String tenantId);

    /**
     * @throws BindingException NOT_FOUND if not in the tenant's pool, NUMBER_IN_USE while an
     *         active binding holds it
     */
    void removeNumber(String tenantId, PhoneNumber number, Instant now);

    /**
     * Binds on the first X of the request's tenant that can take it: {@code request.x()} only
     * when given, else the tenant's numbers of {@code request.city()} first, then any other. The binding expires
     * {@code request.ttlSeconds()} after {@code now}.
     *
     * @param request validated, its direction set
     * @throws BindingException NO_AVAILABLE_NUMBER when no X can take it, BIND_CONFLICT when the
     *         requested X cannot, INVALID_REQUEST when the requested X is not in the tenant's pool
     */
    Binding allocate(String id, BindingRequest request, Instant now);

    Optional<Binding> find(String id);

    /** The tenant's bindings made for {@code orderId}, ended ones included, oldest first. */
    List<Binding> findByOrder(String tenantId, String orderId);

    /** The tenant's bindings active at {@code now}: not deleted, not yet expired; oldest first. */
    List<Binding> findActive(String tenantId, Instant now);

    /**
     * Changes B, the expiry or the direction of an active binding; null leaves a field as it is.
     *
     * @throws BindingException NOT_FOUND if not active at {@code now}, BIND_CONFLICT if the new B
     *         is in another active binding on the same X, INVALID_REQUEST if B is given for AXN or
     *         an AXN binding's direction would be other than both
     */
    Binding update(String id, PhoneNumber b, Instant expiresAt, Direction direction, Instant now);

    /** Ends the binding at {@code now}; it stays on record. @return false if it was not active */
    boolean delete(String id, Instant now);

    /**
     * Ends the binding at {@code now}, as {@link #delete}, in one step with reading it.
     *
     * @return the binding as it was until then, or empty if it was not active
     */
    Optional<Binding> end(String id, Instant now);

    /** The tenant whose pool holds {@code x}, if any. */
    Optional<String> ownerOf(PhoneNumber x);

    /**
     * The active binding on {@code x} that {@code caller} reaches it through, if any; only a
     * binding of the tenant whose pool holds {@code x} counts.
     */
    Optional<Binding> activeFor(PhoneNumber x, PhoneNumber caller, Instant now);
}
