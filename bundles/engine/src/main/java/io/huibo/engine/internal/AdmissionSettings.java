package io.huibo.engine.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The thresholds of {@link Admission} as {@code etc/io.huibo.engine.cfg} gives them, checked. */
record AdmissionSettings(int setupMillis, int stackLagMillis, double retransmissionsPerInvite, double resumeFraction,
        int holdMillis) {

    AdmissionSettings {
        if (setupMillis < 0 || stackLagMillis < 0 || retransmissionsPerInvite < 0 || holdMillis < 0) {
            throw new IllegalArgumentException("the admission thresholds and hold must not be negative");
        }
        if (!(resumeFraction > 0 && resumeFraction <= 1)) {
            throw new IllegalArgumentException("admissionResumeFraction must be above 0 and at most 1");
        }
    }

    static AdmissionSettings of(EngineConfig config) {
        return new AdmissionSettings(config.admissionSetupMillis(), config.admissionStackLagMillis(),
                config.admissionRetransmissionsPerInvite(), config.admissionResumeFraction(), config.admissionHoldMillis());
    }

    /** How admission watches these signals by these settings. */
    Admission.Policy policy(SetupLatency setup, StackLag lag, RetransmissionRate retransmissions) {
        return new Admission.Policy(List.of(new Admission.Limit(setup, setupMillis), new Admission.Limit(lag, stackLagMillis),
                new Admission.Limit(retransmissions, retransmissionsPerInvite)), resumeFraction,
                TimeUnit.MILLISECONDS.toNanos(holdMillis));
    }
}
