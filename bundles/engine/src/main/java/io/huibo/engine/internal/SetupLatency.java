package io.huibo.engine.internal;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * How long the INVITEs the engine sends wait for their first provisional response (100 Trying
 * or 18x), in milliseconds: the median of the last {@link #WINDOW} waits of the last
 * {@link #STALE_NANOS}, once there are {@link #MIN_SAMPLES} of them. A saturated engine reads
 * responses late, every one of them: they queue behind everything else the stack holds, so the
 * median grows with its backlog before the calls time out. A wait of {@link #RETRANSMITTED_MILLIS}
 * or more is left out, as TCP's round-trip estimate leaves out retransmitted segments (Karn's
 * rule): by then the INVITE went again, and whether loss or a backlog held it up cannot be told;
 * a backlog shows in the retransmission rate and the stack's lag as well. For the same reason a
 * 2xx that comes before any provisional is no wait (see {@link LegRecord}): the provisional may
 * have been lost while the phone took its time to answer. One slow phone or a cold start delays
 * only its own wait, and does not move a median. While new calls are shed few waits come, and
 * old ones must not keep the engine shedding: without enough recent ones the value is 0.
 */
final class SetupLatency implements LoadSignal {
    static final int WINDOW = 16;
    static final int MIN_SAMPLES = 4;
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** SIP's T1: an INVITE over UDP unanswered this long is sent again. */
    static final double RETRANSMITTED_MILLIS = 500;

    private final double[] waits = new double[WINDOW];
    private final long[] takenAt = new long[WINDOW];
    private int next;
    private int count;

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
        if (millis >= RETRANSMITTED_MILLIS) {
            return;
        }
        waits[next] = millis;
        takenAt[next] = nowNanos;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    @Override
    public synchronized double value(long nowNanos) {
        double[] recent = new double[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (nowNanos - takenAt[i] < STALE_NANOS) {
                recent[n++] = waits[i];
            }
        }
        if (n < MIN_SAMPLES) {
            return 0;
        }
        Arrays.sort(recent, 0, n);
        return recent[n / 2];
    }
}
