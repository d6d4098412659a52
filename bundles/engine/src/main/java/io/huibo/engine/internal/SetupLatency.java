package io.huibo.engine.internal;

import java.util.concurrent.TimeUnit;

/**
 * How long the INVITEs the engine sends wait for their first response (100 Trying, 18x or 2xx),
 * as a moving average in milliseconds. A saturated engine reads responses late: they queue
 * behind everything else the stack holds, so this grows with its backlog before the calls time
 * out. The average starts from nothing, so one slow answer (a cold start, one slow phone) cannot
 * reach a threshold alone; a few in a row do. With no sample for {@link #STALE_NANOS} it starts
 * from nothing again: while new calls are shed few samples come, and old ones must not keep the
 * engine shedding.
 */
final class SetupLatency implements LoadSignal {
    /** Weight of each new sample: about the last ten INVITEs count. */
    static final double WEIGHT = 0.2;
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private double averageMillis;
    private long lastSample;
    private boolean any;

    @Override
    public String name() {
        return "setup latency";
    }

    @Override
    public String unit() {
        return "ms";
    }

    /** An INVITE sent got its first response {@code millis} after it was sent. */
    synchronized void sample(double millis, long nowNanos) {
        double from = fresh(nowNanos) ? averageMillis : 0;
        averageMillis = from + WEIGHT * (millis - from);
        lastSample = nowNanos;
        any = true;
    }

    @Override
    public synchronized double value(long nowNanos) {
        return fresh(nowNanos) ? averageMillis : 0;
    }

    private boolean fresh(long nowNanos) {
        return any && nowNanos - lastSample < STALE_NANOS;
    }
}
