package io.huibo.api;

/**
 * The call engine as it stands: calls in progress against its capacity, whether the trunk
 * answers its keep-alives, and what its SIP stack holds open (for health checks and leak tests).
 */
public record EngineStatus(int activeCalls, int capacity, boolean trunkUp, int openDialogs,
        int openTransactions, int pendingTimers) {
}
