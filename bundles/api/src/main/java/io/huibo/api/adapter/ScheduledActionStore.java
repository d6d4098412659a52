package io.huibo.api.adapter;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable side of the {@link ActionScheduler}, for the host that runs the actions: due
 * actions are claimed for a lease, so one runner (of one node, after a crash another) has each,
 * then marked done or put off. Implemented by the store bundle; adapters use the scheduler.
 */
@ProviderType
public interface ScheduledActionStore extends ActionScheduler {

    /**
     * Claims up to {@code max} actions due at {@code now} whose vendor is one of {@code vendors}
     * and that no live lease holds, each until {@code leaseUntil}.
     */
    List<ScheduledAction> claimDue(List<String> vendors, Instant now, Instant leaseUntil, int max);

    /** Drops a claimed action that ran, unless it was scheduled anew meanwhile. */
    void done(ScheduledAction action);

    /** Puts off a claimed action that failed, to {@code next}, counting the attempt. */
    void retryLater(ScheduledAction action, Instant next);

    /** Drops every action of the vendor, as when its adapter is uninstalled. @return how many */
    int dropVendor(String vendorId);
}
