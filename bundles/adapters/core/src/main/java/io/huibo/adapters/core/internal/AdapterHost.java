package io.huibo.adapters.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.adapter.Adapter;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.api.adapter.ScheduledActionStore;

/**
 * Keeps the adapters that are registered now, by vendor id, and runs their due actions: every
 * second it claims what is due for the adapters present (an absent adapter's actions wait for its
 * return) and hands each to its adapter; a failure is retried with exponential backoff. When an
 * adapter's bundle is uninstalled, not merely stopped, its actions are dropped.
 */
@Component(service = AdapterHost.class, immediate = true)
public class AdapterHost {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterHost.class);
    private static final Pattern VENDOR_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final int BATCH = 50;

    private final ScheduledActionStore actions;
    private final Clock clock;
    private final Map<String, Adapter> adapters = new ConcurrentHashMap<>();
    /** Vendor ids by the bundle that registered them, to drop their actions when it is uninstalled. */
    private final Map<Long, String> vendorsByBundle = new ConcurrentHashMap<>();
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "huibo-adapter-actions"));
    private final BundleContext context;
    private final SynchronousBundleListener uninstalls = this::bundleChanged;

    @Activate
    public AdapterHost(@Reference ScheduledActionStore actions, BundleContext context) {
        this(actions, context, Clock.systemUTC());
        context.addBundleListener(uninstalls);
        runner.scheduleWithFixedDelay(this::runDue, 1, 1, TimeUnit.SECONDS);
    }

    /** Without the runner's thread: tests call {@link #runDue} themselves. */
    AdapterHost(ScheduledActionStore actions, BundleContext context, Clock clock) {
        this.actions = actions;
        this.context = context;
        this.clock = clock;
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            context.removeBundleListener(uninstalls);
        }
        runner.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAdapter(Adapter adapter, ServiceReference<Adapter> reference) {
        String vendor = adapter.vendorId();
        if (!VENDOR_ID.matcher(vendor).matches()) {
            LOG.warn("An adapter with vendor id '{}' is not mounted: use lower-case letters, digits and -", vendor);
            return;
        }
        if (adapters.putIfAbsent(vendor, adapter) != null) {
            LOG.warn("A second adapter for vendor {} is not mounted while the first is there", vendor);
            return;
        }
        vendorsByBundle.put(reference.getBundle().getBundleId(), vendor);
        LOG.info("Adapter {} mounted at /adapters/{}/ with {} endpoints", vendor, vendor, adapter.endpoints().size());
    }

    void removeAdapter(Adapter adapter) {
        if (adapters.remove(adapter.vendorId(), adapter)) {
            LOG.info("Adapter {} unmounted", adapter.vendorId());
        }
    }

    /** The adapter of {@code vendorId} if it is registered now. */
    Optional<Adapter> adapter(String vendorId) {
        return Optional.ofNullable(adapters.get(vendorId));
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            String vendor = vendorsByBundle.remove(event.getBundle().getBundleId());
            if (vendor != null) {
                LOG.info("Adapter {} uninstalled: dropped its {} scheduled actions", vendor, actions.dropVendor(vendor));
            }
        }
    }

    /** Claims and runs what is due now; one pass, so the runner's next tick picks up the rest. */
    void runDue() {
        try {
            Instant now = clock.instant();
            List<ScheduledAction> due = actions.claimDue(List.copyOf(adapters.keySet()), now, now.plus(LEASE), BATCH);
            for (ScheduledAction action : due) {
                run(action);
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled actions could not be read; trying again in a second", e);
        }
    }

    private void run(ScheduledAction action) {
        Adapter adapter = adapters.get(action.vendorId());
        if (adapter == null) {
            actions.retryLater(action, clock.instant()); // gone since the claim: wait for its return
            return;
        }
        try {
            adapter.run(action);
            actions.done(action);
        } catch (Exception e) {
            Instant next = clock.instant().plus(backoff(action.attempts()));
            LOG.warn("Action {} of adapter {} failed (attempt {}); retrying at {}: {}", action.key(), action.vendorId(),
                    action.attempts() + 1, next, e.toString());
            actions.retryLater(action, next);
        }
    }

    /** 1 s, 2 s, 4 s … up to {@link #MAX_BACKOFF}. */
    static Duration backoff(int attempts) {
        Duration delay = Duration.ofSeconds(1L << Math.min(attempts, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
