package io.huibo.api.adapter;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A vertical's adapter, registered as an OSGi service (whiteboard): Huibo mounts its
 * {@link #endpoints()} under {@code /adapters/{vendorId}/} as it comes and unmounts them as it
 * goes, and calls {@link #run} for each of its scheduled actions that falls due. Uninstalling the
 * adapter's bundle drops its scheduled actions; merely stopping it keeps them for its return.
 * Calls it placed are not disturbed either way: they belong to the engine.
 */
@ConsumerType
public interface Adapter {

    /** The vendor's id: lower-case letters, digits and {@code -}; the first segment of its paths. */
    String vendorId();

    /** The HTTP endpoints the vendor's systems call, each with the vendor's own authentication. */
    List<Endpoint> endpoints();

    /** The vendor events it maps to callbacks and bindings, e.g. {@code booking.created}: for operators to see. */
    List<String> mappedEvents();

    /** The call buttons it contributes to the vendor's pages. */
    List<ButtonSpec> buttons();

    /**
     * Runs an action it scheduled through the {@link ActionScheduler}, now due. An exception
     * means "not done": the action is retried later with backoff.
     */
    void run(ScheduledAction action) throws Exception;
}
