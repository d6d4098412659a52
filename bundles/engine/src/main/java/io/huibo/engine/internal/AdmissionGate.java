package io.huibo.engine.internal;

import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.Overload;
import io.huibo.api.PhoneNumber;
import io.huibo.api.TrunkState;

/**
 * The stage admit, for callbacks and relayed calls alike: a new call is taken only under
 * {@code maxCalls}, while {@link Admission} sees no saturation, and, for a callback that goes
 * through the trunk, while the trunk answers its keep-alives. It reads memory only, so the SIP
 * endpoint asks it before it keeps any state for an INVITE, and the HTTP API before it
 * authenticates a request.
 */
final class AdmissionGate {
    private final IntSupplier activeCalls;
    private final Admission admission;
    private final Supplier<TrunkState> trunk;

    AdmissionGate(IntSupplier activeCalls, Admission admission, Supplier<TrunkState> trunk) {
        this.activeCalls = activeCalls;
        this.admission = admission;
        this.trunk = trunk;
    }

    /** Why one more call is not taken now, whoever it is for; empty if it is. */
    Optional<Overload> overload(EngineSettings s) {
        if (activeCalls.getAsInt() >= s.maxCalls()) {
            return Optional.of(new Overload("the engine is at its capacity of " + s.maxCalls() + " calls",
                    Admission.RETRY_AFTER_SECONDS));
        }
        return admission.overload();
    }

    /**
     * Admits the callback of {@code parties}.
     *
     * @throws CallbackRejectedException OVERLOADED if it is not admitted now
     */
    void admit(EngineSettings s, EngineCall.Parties parties) {
        Optional<Overload> overload = overload(s);
        if (overload.isPresent()) {
            throw new CallbackRejectedException(Reason.OVERLOADED, overload.get().reason());
        }
        if (trunk.get() == TrunkState.DOWN && (throughTrunk(s, parties.from()) || throughTrunk(s, parties.to()))) {
            throw new CallbackRejectedException(Reason.OVERLOADED, "the trunk does not answer");
        }
    }

    private static boolean throughTrunk(EngineSettings s, PhoneNumber number) {
        DialPlan plan = s.trunk().dialPlan();
        return plan.peerFor(number).equals(plan.trunk());
    }
}
