package io.huibo.engine.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import javax.sip.ServerTransaction;
import javax.sip.SipException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.BindingService;
import io.huibo.api.NumberPool;
import io.huibo.api.Tenant;
import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.CallEvents;
import io.huibo.api.CallStore;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.EngineStatus;
import io.huibo.api.HangupBy;
import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;
import io.huibo.api.RelayDecision;
import io.huibo.api.TrunkState;
import io.huibo.api.TrunkStatus;

/**
 * The call engine as an OSGi service: validates callback requests, runs each as a
 * {@link CallbackCall} on the SIP endpoint it owns, stores every change of every call and posts
 * it as an event. At start it closes the calls a crash left open; at stop it ends its calls
 * with BYEs and CANCELs and final records.
 */
@Component(service = CallbackService.class, configurationPid = "io.huibo.engine")
@Designate(ocd = EngineConfig.class)
public class SipCallbackEngine implements CallbackService, EngineCall.Observer, InboundCalls {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallbackEngine.class);
    private static final int MAX_RING_SECONDS = 300;
    private static final int MAX_CALL_SECONDS = 24 * 3600;
    private static final long STOP_GRACE_MILLIS = 2000;

    private final CallRecorder recorder;
    private final EventAdmin events;
    private final HarassmentPolicy policy;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, EngineCall> active = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final SipEndpoint endpoint;
    private final String localAddress;
    private final SipTls runningTls;
    private volatile EngineSettings settings;
    private volatile TrunkMonitor trunkMonitor;

    /** Bindings route calls to virtual numbers; without the binding bundle, every such call is refused. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BindingService bindings;

    private volatile NumberPool pool;

    @Activate
    public SipCallbackEngine(@Reference CallStore store, @Reference EventAdmin events,
            @Reference HarassmentPolicy policy, EngineConfig config) throws SipException {
        this.recorder = new CallRecorder(store);
        this.events = events;
        this.policy = policy;
        this.settings = EngineSettings.of(config);
        this.localAddress = config.sipAddress() + ":" + config.sipPort();
        this.runningTls = settings.tls();
        List<Call> closed = store.closeUnfinished(clock.instant());
        if (!closed.isEmpty()) {
            LOG.warn("Closed {} calls left unfinished by an earlier stop", closed.size());
            closed.forEach(call -> announce(call, Long.MAX_VALUE)); // followers learn they ended
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "huibo-engine-timers"));
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            this.endpoint = new SipEndpoint(config.sipAddress(), config.sipPort(), settings.tls(), settings.trunk(),
                    this::atCapacity, this);
        } catch (SipException | RuntimeException e) {
            scheduler.shutdownNow();
            recorder.close();
            throw e;
        }
        this.trunkMonitor = startMonitor(settings);
    }

    /** Each pool that comes gets the configured display numbers that are in no pool yet. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindPool")
    void bindPool(NumberPool pool) {
        this.pool = pool;
        DisplayNumbers.claim(pool, settings.displayNumbers());
    }

    void unbindPool(NumberPool pool) {
        if (this.pool == pool) {
            this.pool = null;
        }
    }

    /**
     * Applies a new configuration to new calls at once; calls in progress keep theirs. The
     * running stack cannot move, so a new local address or port waits for the engine's restart.
     */
    @Modified
    void modified(EngineConfig config) {
        EngineSettings next = EngineSettings.of(config);
        if (!localAddress.equals(config.sipAddress() + ":" + config.sipPort())) {
            LOG.warn("The local SIP address {}:{} takes effect when the engine restarts", config.sipAddress(),
                    config.sipPort());
        }
        if (!Objects.equals(next.tls(), runningTls)) {
            if (next.trunk().transport().equals("tls") && runningTls == null) {
                throw new IllegalArgumentException("transport tls needs the TLS listening point: restart the engine");
            }
            LOG.warn("The SIP TLS settings take effect when the engine restarts");
        }
        endpoint.reconfigure(next.trunk());
        settings = next;
        NumberPool numbers = pool;
        if (numbers != null) {
            DisplayNumbers.claim(numbers, next.displayNumbers());
        }
        if (trunkMonitor != null) {
            trunkMonitor.stop();
        }
        trunkMonitor = startMonitor(next);
        LOG.info("Engine configuration updated; calls in progress are unchanged");
    }

    private TrunkMonitor startMonitor(EngineSettings s) {
        return s.keepaliveSeconds() > 0 ? new TrunkMonitor(endpoint, scheduler, s.keepaliveSeconds()) : null;
    }

    @Override
    public Call place(CallbackRequest request) {
        EngineSettings s = settings;
        PhoneNumber display = DisplayNumbers.choose(pool, request.tenantId(), request.display(), s.displayNumbers());
        if (request.from().equals(request.to())) {
            throw new CallbackRejectedException(Reason.INVALID_REQUEST, "from and to are the same number");
        }
        int ring = bounded("ringTimeoutSeconds", request.ringTimeoutSeconds(), s.ringTimeoutSeconds(), MAX_RING_SECONDS);
        int max = bounded("maxDurationSeconds", request.maxDurationSeconds(), s.maxDurationSeconds(), MAX_CALL_SECONDS);
        if (atCapacity()) {
            throw new CallbackRejectedException(Reason.OVERLOADED, "the engine is at its capacity of " + s.maxCalls() + " calls");
        }
        if (!trunkUp() && (throughTrunk(s, request.from()) || throughTrunk(s, request.to()))) {
            throw new CallbackRejectedException(Reason.OVERLOADED, "the trunk does not answer");
        }
        Optional<String> blocked = policy.blocks(request.tenantId(), request.from(), request.to());
        if (blocked.isPresent()) {
            String attempt = recordAttempt(request.tenantId(), CallKind.CALLBACK, null, request.from(), request.to(),
                    display, request.userData(), request.statusCallbackUrl(), null, Outcome.BLOCKED);
            recorder.flush(attempt); // on record when the API answers 403
            throw new CallbackRejectedException(Reason.POLICY_BLOCKED, blocked.get());
        }
        EngineCall.Parties parties = new EngineCall.Parties(newCallId(), request.tenantId(), CallKind.CALLBACK, null,
                request.from(), request.to(), display, request.userData(), request.statusCallbackUrl(), ring, max);
        CallbackCall call = new CallbackCall(parties, endpoint, scheduler, clock, this);
        active.put(parties.id(), call);
        LOG.debug("Call {}: callback from {} to {} showing {}", parties.id(), parties.from(), parties.to(), display);
        call.start();
        recorder.flush(parties.id()); // durable before the API hands out its id
        return call.snapshot();
    }

    /**
     * Relays a call to a virtual number by its binding: 404 when no active binding has the
     * number, 403 when the binding's direction forbids this caller. Every attempt is recorded.
     */
    @Override
    public void offered(ServerTransaction invite, PhoneNumber caller, PhoneNumber x) {
        BindingService routes = bindings;
        RelayDecision decision = routes == null ? RelayDecision.refuse(RelayDecision.Verdict.NO_BINDING, null, null)
                : routes.route(caller, x);
        if (decision.verdict() != RelayDecision.Verdict.RELAY) {
            int status = decision.verdict() == RelayDecision.Verdict.NO_BINDING ? 404 : 403;
            LOG.info("Call to {} from {} refused {}: {}", x, caller, status, decision.verdict());
            endpoint.refuse(invite, status);
            recordAttempt(tenantOf(decision), CallKind.RELAY, decision.bindingId(), caller, x, x, null, null, status, Outcome.FAILED);
            return;
        }
        Optional<String> blocked = policy.blocks(tenantOf(decision), caller, decision.callee());
        if (blocked.isPresent()) {
            LOG.info("Call to {} from {} refused 403: {}", x, caller, blocked.get());
            endpoint.refuse(invite, 403);
            recordAttempt(tenantOf(decision), CallKind.RELAY, decision.bindingId(), caller, decision.callee(), x, null, null,
                    403, Outcome.BLOCKED);
            return;
        }
        EngineSettings s = settings;
        EngineCall.Parties parties = new EngineCall.Parties(newCallId(), tenantOf(decision), CallKind.RELAY,
                decision.bindingId(), caller, decision.callee(), x, null, null, s.ringTimeoutSeconds(), s.maxDurationSeconds());
        RelayCall call = new RelayCall(parties, endpoint, scheduler, clock, this);
        active.put(parties.id(), call);
        LOG.debug("Call {}: relaying {} to {} through {}", parties.id(), caller, decision.callee(), x);
        call.start(new InboundLeg(endpoint, SipEndpoint.transportOf(invite.getRequest()), invite, caller, call));
    }

    /** Records a call refused before any leg rang; {@code status} is the SIP answer a caller got, if any. */
    /** @return the id of the attempt's record */
    private String recordAttempt(String tenantId, CallKind kind, String bindingId, PhoneNumber from, PhoneNumber to,
            PhoneNumber display, String userData, String statusCallbackUrl, Integer status, Outcome outcome) {
        Instant now = clock.instant();
        List<Leg> legs = status == null ? List.of()
                : List.of(new Leg(Party.FROM, LegState.FAILED, now, null, null, now, status));
        String id = newCallId();
        changed(new Call(id, tenantId, kind, bindingId, CallState.ENDED, from, to, display, userData,
                statusCallbackUrl, legs, now, null, now, outcome, HangupBy.SYSTEM), 1);
        return id;
    }

    /** The tenant a relayed call is recorded for: the number's, or the default one for a number of no pool. */
    private static String tenantOf(RelayDecision decision) {
        return decision.tenantId() == null ? Tenant.DEFAULT : decision.tenantId();
    }

    private static String newCallId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public boolean hangUp(String id) {
        EngineCall call = active.get(id);
        return call != null && call.abort(HangupBy.API);
    }

    @Override
    public EngineStatus status() {
        SipEndpoint.StackCounts counts = endpoint.counts();
        EngineSettings s = settings;
        DialPlan.Peer trunk = s.trunk().dialPlan().trunk();
        return new EngineStatus(active.size(), s.maxCalls(),
                new TrunkStatus(trunk.host(), trunk.port(), s.trunk().transport(), s.keepaliveSeconds(), trunkState()),
                counts.dialogs(), counts.clientTransactions() + counts.serverTransactions(), scheduler.getQueue().size());
    }

    @Override
    public void changed(Call snapshot, long sequence) {
        amended(snapshot);
        announce(snapshot, sequence);
    }

    /** Posts the call's change on EventAdmin, for the bundles that follow calls. */
    private void announce(Call snapshot, long sequence) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CallEvents.CALL_ID, snapshot.id());
        properties.put(CallEvents.STATE, snapshot.state().wireName());
        properties.put(CallEvents.SEQUENCE, sequence);
        properties.put(CallEvents.CALL, snapshot);
        if (snapshot.outcome() != null) {
            properties.put(CallEvents.OUTCOME, snapshot.outcome().wireName());
            properties.put(CallEvents.HANGUP_BY, snapshot.hangupBy().wireName());
        }
        events.postEvent(new Event(CallEvents.topic(snapshot.state()), properties));
    }

    @Override
    public void amended(Call snapshot) {
        recorder.record(snapshot);
    }

    @Override
    public void ended(EngineCall call) {
        active.remove(call.id());
    }

    @Deactivate
    void deactivate() {
        if (trunkMonitor != null) {
            trunkMonitor.stop();
        }
        if (!active.isEmpty()) {
            LOG.info("Stopping: ending {} calls in progress", active.size());
            active.values().forEach(call -> call.abort(HangupBy.SYSTEM));
            awaitTransactionsDone();
        }
        endpoint.close();
        scheduler.shutdownNow();
        recorder.close(); // the final records of the calls just ended
    }

    /** Gives the BYEs and CANCELs just sent a moment to be answered before the stack goes. */
    private void awaitTransactionsDone() {
        long deadline = System.currentTimeMillis() + STOP_GRACE_MILLIS;
        while (endpoint.counts().clientTransactions() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean atCapacity() {
        return active.size() >= settings.maxCalls();
    }

    /** Calls go through the trunk unless its keep-alives go unanswered. */
    private boolean trunkUp() {
        return trunkState() != TrunkState.DOWN;
    }

    private TrunkState trunkState() {
        TrunkMonitor monitor = trunkMonitor;
        return monitor == null ? TrunkState.UNKNOWN : monitor.state();
    }

    private static boolean throughTrunk(EngineSettings s, PhoneNumber number) {
        DialPlan plan = s.trunk().dialPlan();
        return plan.peerFor(number).equals(plan.trunk());
    }

    private static int bounded(String name, Integer requested, int fallback, int max) {
        int value = requested != null ? requested : fallback;
        if (value < 1 || value > max) {
            throw new CallbackRejectedException(Reason.INVALID_REQUEST, name + " must be between 1 and " + max);
        }
        return value;
    }
}
