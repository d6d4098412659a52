package io.huibo.api;

/**
 * The call engine as it stands: calls in progress against its capacity, its trunk and whether
 * that answers its keep-alives, and what its SIP stack holds open (for health checks and leak tests).
 */
public record EngineStatus(int activeCalls, int capacity, TrunkStatus trunk, int openDialogs,
        int openTransactions, int pendingTimers) {

    /** Whether calls may go through the trunk: true unless its keep-alives go unanswered. */
    public boolean trunkUp() {
        return trunk.state() != TrunkState.DOWN;
    }
}
