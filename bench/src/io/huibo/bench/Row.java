package io.huibo.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured step. Rates are per second over the step's offering window; latencies in ms;
 * {@code overheadP99} is the setup time's 99th percentile minus the phones' own answer delays;
 * {@code messages} the SIP messages the step's calls exchange when nothing is lost, against which
 * the retransmissions are weighed. NaN where a figure does not apply.
 */
record Row(String test, double offeredRate, long offered, long completed, double completedRate, long failed, long shed,
        long retransmissions, long messages, double p50, double p95, double p99, double overheadP99, double sipOverheadP99,
        double cpuPercent, double heapMaxMb, String note) {

    /** The most setup p99 may exceed the phones' answer delays by in a clean step. */
    static final double MAX_OVERHEAD_P99_MS = 200;
    /** The most retransmissions a clean step may need, as a share of its messages. */
    static final double MAX_RETRANSMITTED = 0.01;

    /**
     * A step is clean when every call offered was completed (none failed, none shed), its setup p99
     * is at most {@link #MAX_OVERHEAD_P99_MS} beyond the answer delays, and at most
     * {@link #MAX_RETRANSMITTED} of its messages had to be sent again.
     */
    boolean clean() {
        return offered > 0 && whyNotClean().isEmpty();
    }

    /** What keeps the step from being clean, e.g. "3 failed; p99 +250 ms > 200"; empty when it is clean. */
    String whyNotClean() {
        List<String> why = new ArrayList<>();
        long missing = offered - completed - shed;
        if (failed > 0 || missing > 0) {
            why.add(Math.max(failed, missing) + " failed");
        }
        if (shed > 0) {
            why.add(shed + " shed");
        }
        if (overheadP99 > MAX_OVERHEAD_P99_MS) {
            why.add(String.format("p99 +%.0f ms > %.0f", overheadP99, MAX_OVERHEAD_P99_MS));
        }
        if (retransmissions > MAX_RETRANSMITTED * messages) {
            why.add(String.format("retrans %.1f %% > %.0f %%", 100.0 * retransmissions / Math.max(1, messages),
                    100 * MAX_RETRANSMITTED));
        }
        return String.join("; ", why);
    }

    /** This row with {@code more} added to its notes. */
    Row noted(String more) {
        return new Row(test, offeredRate, offered, completed, completedRate, failed, shed, retransmissions, messages, p50, p95,
                p99, overheadP99, sipOverheadP99, cpuPercent, heapMaxMb, note + " " + more);
    }
}
