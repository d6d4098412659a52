package io.huibo.api.adapter;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Persistent scheduled work for adapters: an action survives restarts and is handed to its
 * adapter's {@link Adapter#run} once due (later, if the adapter is away then). Uninstalling the
 * adapter's bundle drops its actions.
 */
@ProviderType
public interface ActionScheduler {

    /** Schedules the action, replacing one of the same vendor and key (a moved appointment, say). */
    void schedule(String vendorId, String key, String tenantId, Instant dueAt, String payload);

    /** @return false if no such action was pending */
    boolean cancel(String vendorId, String key);

    Optional<ScheduledAction> find(String vendorId, String key);

    /** The vendor's pending actions, soonest first. */
    List<ScheduledAction> pending(String vendorId);
}
