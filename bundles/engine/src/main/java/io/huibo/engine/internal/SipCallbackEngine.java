package io.huibo.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.AdmissionControl;
import io.huibo.api.BindingService;
import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.EngineStatus;
import io.huibo.api.HangupBy;
import io.huibo.api.NumberPool;
import io.huibo.api.Outcome;
import io.huibo.api.Overload;
import io.huibo.api.PhoneNumber;
import io.huibo.api.RelayDecision;
import io.huibo.api.Tenant;
import io.huibo.api.TrunkState;
import io.huibo.api.TrunkStatus;
import io.huibo.api.spi.CallWriter;

/**
 * The call engine as an OSGi service. A new call passes a line of small stages, as the ladder
 * it then runs: a callback is validated ({@link CallbackValidation}), admitted
 * ({@link AdmissionGate}), policed ({@link CallPolice}) and placed as a {@link CallbackCall}; a
 * call the trunk offers to a virtual number is admitted by the same gate (the SIP endpoint asks
 * it first, before it keeps any state), routed by its binding, policed by the same police and
 * placed as a {@link RelayCall}. Every change of every call goes to the {@link CallJournal}. At
 * start it closes the calls a crash left open; at stop it ends its calls with BYEs and CANCELs
 * and final records.
 */
@Component(service = {CallbackService.class, AdmissionControl.class}, configurationPid = "io.huibo.engine")
@Designate(ocd = EngineConfig.class)
public class SipCallbackEngine implements CallbackService, AdmissionControl, EngineCall.Observer, InboundCalls {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallbackEngine.class);
    private static final long STOP_GRACE_MILLIS = 2000;

    private final CallJournal journal;
    private final CallPolice police;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, EngineCall> active = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final SipEndpoint endpoint;
    private final SetupLatency setupLatency = new SetupLatency();
    private final RetransmissionRate retransmissions = new RetransmissionRate(System::nanoTime);
    private final StackLag stackLag;
    private final DialPlan.Peer localSelf;
    private final Admission admission;
    private final AdmissionGate gate;
    private final String localAddress;
    private final SipTls runningTls;
    private volatile EngineSettings settings;
    private volatile TrunkMonitor trunkMonitor;

    /** Bindings route calls to virtual numbers; without the binding bundle, every such call is refused. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BindingService bindings;

    private volatile NumberPool pool;

    @Activate
    public SipCallbackEngine(@Reference CallWriter store, @Reference EventAdmin events,
            @Reference HarassmentPolicy policy, EngineConfig config) throws SipException {
        this.journal = new CallJournal(store, events, clock);
        this.police = new CallPolice(policy, journal);
        this.settings = EngineSettings.of(config);
        this.localAddress = config.sipAddress() + ":" + config.sipPort();
        this.runningTls = settings.tls();
        List<Call> closed = store.closeUnfinished(clock.instant());
        if (!closed.isEmpty()) {
            LOG.warn("Closed {} calls left unfinished by an earlier stop", closed.size());
            closed.forEach(call -> journal.announce(call, Long.MAX_VALUE)); // followers learn they ended
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "huibo-engine-timers"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.localSelf = new DialPlan.Peer(config.sipAddress(), config.sipPort());
        this.stackLag = new StackLag(this::probeSelf, System::nanoTime);
        this.admission = new Admission(settings.admission().policy(setupLatency, stackLag, retransmissions), System::nanoTime);
        this.gate = new AdmissionGate(active::size, admission, this::trunkState);
        try {
            this.endpoint = new SipEndpoint(config.sipAddress(), config.sipPort(), settings.tls(), settings.trunk(),
                    this::admitsNoMore, this, retransmissions);
        } catch (SipException | RuntimeException e) {
            scheduler.shutdownNow();
            journal.close();
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
        admission.reconfigure(next.admission().policy(setupLatency, stackLag, retransmissions));
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

    /** A callback: validate, admit, police, place. */
    @Override
    public Call place(CallbackRequest request) {
        EngineSettings s = settings;
        EngineCall.Parties parties = CallbackValidation.validate(request, s, pool);
        gate.admit(s, parties);
        police.policeCallback(parties);
        CallbackCall call = new CallbackCall(parties, endpoint, scheduler, clock, this);
        active.put(parties.id(), call);
        LOG.debug("Call {}: callback from {} to {} showing {}", parties.id(), parties.from(), parties.to(), parties.display());
        call.start();
        journal.flush(parties.id()); // durable before the API hands out its id
        return call.snapshot();
    }

    /** Whether the gate takes no new call now: the endpoint answers an INVITE 503 before it keeps anything of it. */
    private boolean admitsNoMore() {
        return gate.overload(settings).isPresent();
    }

    @Override
    public Optional<Overload> overload() {
        return gate.overload(settings);
    }

    /**
     * A call the trunk offers to a virtual number, admitted by the endpoint: route, police,
     * place. 404 when no active binding has the number, 403 when the binding's direction forbids
     * this caller or the policy blocks the call. Every attempt is recorded.
     */
    @Override
    public void offered(ServerTransaction invite, PhoneNumber caller, PhoneNumber x) {
        BindingService routes = bindings;
        RelayDecision decision = routes == null ? RelayDecision.refuse(RelayDecision.Verdict.NO_BINDING, null, null)
                : routes.route(caller, x);
        EngineSettings s = settings;
        if (decision.verdict() != RelayDecision.Verdict.RELAY) {
            int status = decision.verdict() == RelayDecision.Verdict.NO_BINDING ? 404 : 403;
            LOG.info("Call to {} from {} refused {}: {}", x, caller, status, decision.verdict());
            endpoint.refuse(invite, status);
            journal.refused(relay(decision, caller, x, x, s), status, Outcome.FAILED);
            return;
        }
        EngineCall.Parties parties = relay(decision, caller, decision.callee(), x, s);
        Optional<String> blocked = police.policeRelay(parties, 403);
        if (blocked.isPresent()) {
            LOG.info("Call to {} from {} refused 403: {}", x, caller, blocked.get());
            endpoint.refuse(invite, 403);
            return;
        }
        RelayCall call = new RelayCall(parties, endpoint, scheduler, clock, this);
        active.put(parties.id(), call);
        LOG.debug("Call {}: relaying {} to {} through {}", parties.id(), caller, decision.callee(), x);
        call.start(new InboundLeg(endpoint, SipEndpoint.transportOf(invite.getRequest()), invite, caller, call));
    }

    /** A relayed call's parties: recorded for the number's tenant, or the default one for a number of no pool. */
    private static EngineCall.Parties relay(RelayDecision decision, PhoneNumber caller, PhoneNumber callee, PhoneNumber x,
            EngineSettings s) {
        String tenant = decision.tenantId() == null ? Tenant.DEFAULT : decision.tenantId();
        return new EngineCall.Parties(EngineCall.newId(), tenant, CallKind.RELAY, decision.bindingId(), caller, callee, x,
                null, null, s.ringTimeoutSeconds(), s.maxDurationSeconds());
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
        journal.changed(snapshot, sequence);
    }

    @Override
    public void amended(Call snapshot) {
        journal.amended(snapshot);
    }

    @Override
    public void responded(Duration setup) {
        setupLatency.sample(setup.toNanos() / 1e6, System.nanoTime());
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
        journal.close(); // the final records of the calls just ended
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

    /** Sends the stack's lag probe to our own UDP listening point. */
    private void probeSelf(ResponseHandler probe) throws SipException {
        SipEndpoint self = endpoint;
        if (self == null) { // an INVITE that came while the constructor was still running
            throw new SipException("the endpoint is not up yet");
        }
        self.sendOptions(localSelf, "tcp", probe);
    }

    private TrunkState trunkState() {
        TrunkMonitor monitor = trunkMonitor;
        return monitor == null ? TrunkState.UNKNOWN : monitor.state();
    }
}
