package io.huibo.engine.internal;

import java.util.Optional;

import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.Outcome;

/**
 * The stage police: the anti-harassment policy, for callbacks and relayed calls alike. A call
 * it blocks is on record as blocked, so it counts like any attempt.
 */
final class CallPolice {
    private final HarassmentPolicy policy;
    private final CallJournal journal;

    CallPolice(HarassmentPolicy policy, CallJournal journal) {
        this.policy = policy;
        this.journal = journal;
    }

    /**
     * Lets the callback of {@code parties} through, or records it blocked, durably before the API answers 403.
     *
     * @throws CallbackRejectedException POLICY_BLOCKED
     */
    void policeCallback(EngineCall.Parties parties) {
        Optional<String> blocked = blocks(parties, null);
        if (blocked.isPresent()) {
            journal.flush(parties.id());
            throw new CallbackRejectedException(Reason.POLICY_BLOCKED, blocked.get());
        }
    }

    /** Why the relayed call of {@code parties} is blocked, recorded as answered {@code status}; empty if it may go on. */
    Optional<String> policeRelay(EngineCall.Parties parties, int status) {
        return blocks(parties, status);
    }

    private Optional<String> blocks(EngineCall.Parties parties, Integer status) {
        Optional<String> blocked = policy.blocks(parties.tenantId(), parties.from(), parties.to());
        blocked.ifPresent(why -> journal.refused(parties, status, Outcome.BLOCKED));
        return blocked;
    }
}
