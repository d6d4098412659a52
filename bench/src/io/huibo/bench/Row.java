package io.huibo.bench;

/**
 * One measured step. Rates are per second over the step's offering window; latencies in ms;
 * {@code overheadP99} is the setup time's 99th percentile minus the phones' own answer delays.
 * NaN where a figure does not apply.
 */
record Row(String test, double offeredRate, long offered, long completed, double completedRate, long failed, long shed,
        long retransmissions, double p50, double p95, double p99, double overheadP99, double sipOverheadP99,
        double cpuPercent, double heapMaxMb, String note) {

    /** A step is clean when every call offered was completed: none failed, none shed. */
    boolean clean() {
        return offered > 0 && failed == 0 && shed == 0 && completed == offered;
    }
}
