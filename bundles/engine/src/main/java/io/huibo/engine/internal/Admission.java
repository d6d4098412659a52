package io.huibo.engine.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Overload;

/**
 * Sheds new calls while the engine is saturated, so that the calls it already admitted keep
 * their pace instead of all of them queueing until they time out. It watches {@link LoadSignal}s
 * against thresholds: once one reaches its threshold it sheds, and it admits again only when,
 * after at least the hold time, every signal is below its threshold times the resume fraction.
 * That gap and the hold keep it from flapping at the edge, where admitting a burst would push
 * the signals straight back up.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    static final int RETRY_AFTER_SECONDS = 5;

    /** A signal and the value at which it sheds; 0 or less leaves the signal unwatched. */
    record Limit(LoadSignal signal, double threshold) {
    }

    /** How admission decides: its limits, the fraction of each below which it resumes, and its least time shedding. */
    record Policy(List<Limit> limits, double resumeFraction, long holdNanos) {
        Policy {
            limits = List.copyOf(limits);
        }
    }

    private final LongSupplier nanos;
    private volatile Policy policy;
    /** Why new calls are shed, null while they are admitted. */
    private Overload overload;
    private long shedSince;

    Admission(Policy policy, LongSupplier nanos) {
        this.policy = policy;
        this.nanos = nanos;
    }

    /** New thresholds apply from the next call on; a shedding in progress ends by them. */
    void reconfigure(Policy next) {
        policy = next;
    }

    /** Why a new call is shed now, or empty if it is admitted. */
    synchronized Optional<Overload> overload() {
        long now = nanos.getAsLong();
        Policy p = policy;
        if (overload == null) {
            for (Limit limit : p.limits()) {
                double value = limit.signal().value(now);
                if (limit.threshold() > 0 && value >= limit.threshold()) {
                    overload = new Overload("the engine is saturated: " + describe(limit, value), RETRY_AFTER_SECONDS);
                    shedSince = now;
                    LOG.warn("Shedding new calls: {}", describe(limit, value));
                    return Optional.of(overload);
                }
            }
            return Optional.empty();
        }
        if (now - shedSince < p.holdNanos()) {
            return Optional.of(overload);
        }
        for (Limit limit : p.limits()) {
            if (limit.threshold() > 0 && limit.signal().value(now) >= limit.threshold() * p.resumeFraction()) {
                return Optional.of(overload);
            }
        }
        overload = null;
        LOG.info("Admitting new calls again after {} ms of shedding", (now - shedSince) / 1_000_000);
        return Optional.empty();
    }

    private static String describe(Limit limit, double value) {
        String unit = limit.signal().unit();
        return String.format(Locale.ROOT, "%s %.2f%s, its threshold %.2f%s", limit.signal().name(), value, unit,
                limit.threshold(), unit);
    }
}
