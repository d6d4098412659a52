package io.huibo.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Retransmissions of the engine's INVITEs per INVITE sent, over the last few seconds. Loss on
 * the way costs a retransmission now and then; an engine (or a trunk) too busy to answer in
 * time costs several per call. Both counts decay with {@link #DECAY_NANOS}, so the ratio follows
 * the present; below {@link #MIN_INVITES} recent INVITEs the ratio is taken over that many, so
 * that a handful of calls cannot make it large.
 */
final class RetransmissionRate implements LoadSignal {
    static final long DECAY_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final double MIN_INVITES = 20;

    private final LongSupplier nanos;
    private double invites;
    private double retransmissions;
    private long last;

    RetransmissionRate(LongSupplier nanos) {
        this.nanos = nanos;
        this.last = nanos.getAsLong();
    }

    @Override
    public String name() {
        return "INVITE retransmissions";
    }

    @Override
    public String unit() {
        return "";
    }

    /** An INVITE went out for the first time. */
    synchronized void invited() {
        decay(nanos.getAsLong());
        invites++;
    }

    /** An INVITE went out again: its response did not come in time. */
    synchronized void retransmitted() {
        decay(nanos.getAsLong());
        retransmissions++;
    }

    @Override
    public synchronized double value(long nowNanos) {
        decay(nowNanos);
        return retransmissions / Math.max(invites, MIN_INVITES);
    }

    private void decay(long now) {
        if (now > last) {
            double kept = Math.exp(-(double) (now - last) / DECAY_NANOS);
            invites *= kept;
            retransmissions *= kept;
            last = now;
        }
    }
}
