package io.huibo.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * AXB/AXN bindings on the number pool. The invariant, enforced in the database: for one X, a
 * number is in at most one active binding, so a call to X has exactly one answer. Implemented
 * by the binding bundle.
 */
@ProviderType
public interface BindingService {

    /**
     * @throws BindingException NO_AVAILABLE_NUMBER when no X can take the pair, BIND_CONFLICT when
     *         the requested X cannot, INVALID_REQUEST for a bad request
     */
    Binding bind(BindingRequest request);

    Optional<Binding> find(String id);

    /** The tenant's bindings made for {@code orderId}, ended ones included, oldest first. */
    List<Binding> findByOrder(String tenantId, String orderId);

    /** The tenant's bindings that route calls now, oldest first. */
    List<Binding> findActive(String tenantId);

    /**
     * Changes B, the time to live (from now) or the direction; null leaves a field as it is.
     *
     * @throws BindingException NOT_FOUND if not active, BIND_CONFLICT if the new B is bound on X
     */
    Binding update(String id, PhoneNumber b, Integer ttlSeconds, Direction direction);

    /** Ends the binding now; it stays on record. @return false if it was not active */
    boolean delete(String id);

    /** Where a call from {@code caller} to {@code x} goes now, by the active binding on X. */
    RelayDecision route(PhoneNumber caller, PhoneNumber x);
}
