package io.huibo.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work the SIP stack has pending, as a delay: the engine asks itself OPTIONS over TCP and
 * times the round trip, which passes the stack's parsing threads and the one queue of events
 * that the engine's listener works through, twice. TCP, so that loss on the way (a lossy network
 * the engine's own address sits in) is never taken for a backlog: over UDP a lost probe came
 * back only with its retransmission, 500 ms later, and two such in a row shed calls. Idle, that takes a millisecond or
 * so; a backlog shows within two probes, whatever its cause. The value is the lesser of the last
 * two round trips (or of the last and the age of the probe still out): one slow probe is a
 * hiccup, a pause of the collector; two in a row are a backlog.
 * <p>
 * It probes on demand: reading the value sends the next probe when the last is
 * {@link #INTERVAL_NANOS} old, so an idle engine sends nothing and holds no probe's transaction
 * or timer. One probe is out at a time; one out for {@link #GIVE_UP_NANOS} (a stack stuck) counts
 * as that slow, and the next goes out. Round trips from before a quiet spell of
 * {@link #STALE_NANOS} are forgotten: the first new call is not judged by the last busy one.
 */
final class StackLag implements LoadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(StackLag.class);
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final double NANOS_PER_MILLI = 1_000_000;

    /** Sends one OPTIONS whose answer goes to the handler given. */
    interface Prober {
        void send(ResponseHandler handler) throws SipException;
    }

    private final Prober prober;
    private final LongSupplier nanos;
    /** The probe out, null when none is. */
    private Probe out;
    private boolean answered;
    private long lastSent;
    private long answeredAt;
    /** The last round trip, and the one before it if the last probe followed it without a quiet spell between. */
    private double lastMillis;
    private double previousMillis;

    StackLag(Prober prober, LongSupplier nanos) {
        this.prober = prober;
        this.nanos = nanos;
    }

    @Override
    public String name() {
        return "SIP stack lag";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public double value(long nowNanos) {
        Probe probe;
        double value;
        synchronized (this) {
            if (out != null && nowNanos - out.sentAt >= GIVE_UP_NANOS) {
                finished(out, nowNanos);
            }
            if (out != null) {
                return followsAnswer(out.sentAt) ? Math.min(lastMillis, (nowNanos - out.sentAt) / NANOS_PER_MILLI) : 0;
            }
            value = followsAnswer(nowNanos) ? Math.min(previousMillis, lastMillis) : 0;
            if (answered && nowNanos - lastSent < INTERVAL_NANOS) {
                return value;
            }
            probe = new Probe(nowNanos);
            out = probe;
            lastSent = nowNanos;
        }
        try {
            prober.send(probe);
        } catch (SipException e) {
            LOG.debug("Could not send the stack's own OPTIONS probe", e);
            synchronized (this) {
                if (out == probe) {
                    out = null;
                }
            }
        }
        return value;
    }

    /** The round trip of {@code probe}, if it is still the one out: a late answer to one given up counts no more. */
    private synchronized void finished(Probe probe, long at) {
        if (probe != out) {
            return;
        }
        previousMillis = followsAnswer(probe.sentAt) ? lastMillis : 0;
        answeredAt = at;
        lastMillis = (at - probe.sentAt) / NANOS_PER_MILLI;
        answered = true;
        out = null;
    }

    /** Whether {@code at} is within {@link #STALE_NANOS} of the last answer: no quiet spell between. */
    private boolean followsAnswer(long at) {
        return answered && at - answeredAt < STALE_NANOS;
    }

    /** One OPTIONS out; its answer, or its timeout, ends its round trip. */
    private final class Probe implements ResponseHandler {
        final long sentAt;

        Probe(long sentAt) {
            this.sentAt = sentAt;
        }

        @Override
        public void handleResponse(Response response, ClientTransaction transaction) {
            finished(this, nanos.getAsLong());
        }

        @Override
        public void handleTimeout(ClientTransaction transaction) {
            finished(this, nanos.getAsLong());
        }
    }
}
