package io.huibo.engine.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sip.SipException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.PhoneNumber;

/**
 * The call engine as an OSGi service: validates callback requests, runs each as a
 * {@link CallbackCall} on the SIP endpoint it owns, and stores every change of every call.
 */
@Component(service = CallbackService.class, configurationPid = "io.huibo.engine")
@Designate(ocd = EngineConfig.class)
public class SipCallbackEngine implements CallbackService, CallbackCall.Observer {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallbackEngine.class);
    private static final int MAX_RING_SECONDS = 300;
    private static final int MAX_CALL_SECONDS = 24 * 3600;

    private final CallStore store;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, CallbackCall> active = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final SipEndpoint endpoint;
    private final Set<PhoneNumber> displayNumbers;
    private final EngineConfig config;

    @Activate
    public SipCallbackEngine(@Reference CallStore store, EngineConfig config) throws SipException {
        this.store = store;
        this.config = config;
        this.displayNumbers = parseDisplayNumbers(config.displayNumbers());
        DialPlan dialPlan = new DialPlan(new DialPlan.Peer(config.trunkHost(), config.trunkPort()), config.routes());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "huibo-engine-timers"));
        try {
            this.endpoint = new SipEndpoint(config.sipAddress(), config.sipPort(), config.transport(), dialPlan);
        } catch (SipException | RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
    }

    @Override
    public Call place(CallbackRequest request) {
        PhoneNumber display = request.display() != null ? request.display() : displayNumbers.iterator().next();
        if (!displayNumbers.contains(display)) {
            throw new CallbackRejectedException(Reason.INVALID_NUMBER, "display " + display + " is not a number of this pool");
        }
        if (request.from().equals(request.to())) {
            throw new CallbackRejectedException(Reason.INVALID_REQUEST, "from and to are the same number");
        }
        CallbackCall.Plan plan = new CallbackCall.Plan("c_" + UUID.randomUUID().toString().replace("-", ""),
                request.from(), request.to(), display, request.userData(),
                bounded("ringTimeoutSeconds", request.ringTimeoutSeconds(), config.ringTimeoutSeconds(), MAX_RING_SECONDS),
                bounded("maxDurationSeconds", request.maxDurationSeconds(), config.maxDurationSeconds(), MAX_CALL_SECONDS));
        CallbackCall call = new CallbackCall(plan, endpoint, scheduler, clock, this);
        active.put(plan.id(), call);
        LOG.info("Call {}: callback from {} to {} showing {}", plan.id(), plan.from(), plan.to(), display);
        call.start();
        return call.snapshot();
    }

    @Override
    public void changed(Call snapshot) {
        try {
            store.save(snapshot);
        } catch (RuntimeException e) {
            LOG.error("Call {}: could not store its {} state", snapshot.id(), snapshot.state().wireName(), e);
        }
    }

    @Override
    public void ended(CallbackCall call) {
        active.remove(call.id());
    }

    @Deactivate
    void deactivate() {
        if (!active.isEmpty()) {
            LOG.warn("Stopping with {} calls in progress", active.size());
        }
        endpoint.close();
        scheduler.shutdownNow();
    }

    private static int bounded(String name, Integer requested, int fallback, int max) {
        int value = requested != null ? requested : fallback;
        if (value < 1 || value > max) {
            throw new CallbackRejectedException(Reason.INVALID_REQUEST, name + " must be between 1 and " + max);
        }
        return value;
    }

    private static Set<PhoneNumber> parseDisplayNumbers(String list) {
        List<PhoneNumber> numbers = new ArrayList<>();
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                numbers.add(PhoneNumber.ofE164(n.strip()));
            }
        }
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("displayNumbers must name at least one number");
        }
        return new LinkedHashSet<>(numbers);
    }
}
