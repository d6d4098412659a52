package io.huibo.engine.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.TrunkState;

/**
 * Keeps asking the trunk OPTIONS and remembers whether it answers: any response means up; no
 * response within the probe timeout means down, so that callbacks through it fail at once
 * instead of hanging on retransmissions. Until the first probe tells, the state is unknown.
 */
final class TrunkMonitor implements ResponseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkMonitor.class);
    private static final int PROBE_TIMEOUT_SECONDS = 4;

    private final SipEndpoint endpoint;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> probes;
    private volatile TrunkState state = TrunkState.UNKNOWN;
    private volatile long answeredProbe;
    private long sentProbe;

    TrunkMonitor(SipEndpoint endpoint, ScheduledExecutorService scheduler, int intervalSeconds) {
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.probes = scheduler.scheduleWithFixedDelay(this::probe, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    TrunkState state() {
        return state;
    }

    void stop() {
        probes.cancel(false);
    }

    private void probe() {
        long probe;
        synchronized (this) {
            probe = ++sentProbe;
        }
        TrunkSettings trunk = endpoint.trunk();
        try {
            endpoint.sendOptions(trunk.dialPlan().trunk(), trunk.transport(), this);
        } catch (SipException e) {
            LOG.debug("Could not send OPTIONS to the trunk", e);
        }
        scheduler.schedule(() -> {
            if (answeredProbe < probe) {
                changeTo(TrunkState.DOWN);
            }
        }, PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void handleResponse(Response response, ClientTransaction transaction) {
        synchronized (this) {
            answeredProbe = sentProbe;
        }
        changeTo(TrunkState.UP);
    }

    @Override
    public void handleTimeout(ClientTransaction transaction) {
        changeTo(TrunkState.DOWN);
    }

    private void changeTo(TrunkState now) {
        if (state != now) {
            state = now;
            if (now == TrunkState.UP) {
                LOG.info("The trunk answers OPTIONS");
            } else {
                LOG.warn("The trunk does not answer OPTIONS: callbacks through it are refused until it does");
            }
        }
    }
}
