package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.huibo.api.CallKind;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.api.TrunkState;

/** The admit stage: capacity, saturation and, for callbacks through it, the trunk. */
class AdmissionGateTest {
    private static final PhoneNumber ROUTED = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber VIA_TRUNK = PhoneNumber.ofE164("+8613700137000");
    private static final PhoneNumber X = PhoneNumber.ofE164("+8657188880000");

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicReference<TrunkState> trunk = new AtomicReference<>(TrunkState.UP);
    private final SetupLatency latency = new SetupLatency();
    private final Admission admission = new Admission(new Admission.Policy(List.of(new Admission.Limit(latency, 100)), 0.5, 0),
            () -> 1_000_000_000L);
    private final AdmissionGate gate = new AdmissionGate(active::get, admission, trunk::get);
    private final EngineSettings settings = new EngineSettings(
            new TrunkSettings(new DialPlan(new DialPlan.Peer("127.0.0.1", 5070), ROUTED.e164() + "=127.0.0.1:5062"), "udp", null,
                    null, null, "CN", null),
            null, List.of(X), 30, 3600, 2, 0, new AdmissionSettings(100, 0, 0, 0.5, 0));

    @Test
    void admitsUnderCapacityWhileNothingIsSaturatedAndTheTrunkAnswers() {
        active.set(1);
        assertEquals(Optional.empty(), gate.overload(settings));
        gate.admit(settings, callback(ROUTED, VIA_TRUNK));
    }

    @Test
    void atCapacityItRefusesWhateverTheSignalsSay() {
        active.set(2);
        String reason = gate.overload(settings).orElseThrow().reason();
        assertEquals("the engine is at its capacity of 2 calls", reason);
        CallbackRejectedException e = assertThrows(CallbackRejectedException.class,
                () -> gate.admit(settings, callback(ROUTED, VIA_TRUNK)));
        assertEquals(CallbackRejectedException.Reason.OVERLOADED, e.reason());
    }

    @Test
    void aSaturatedEngineRefusesBelowItsCapacity() {
        for (int i = 0; i < 20; i++) {
            latency.sample(450, 1_000_000_000L);
        }
        assertTrue(gate.overload(settings).orElseThrow().reason().contains("setup latency"));
        assertThrows(CallbackRejectedException.class, () -> gate.admit(settings, callback(ROUTED, VIA_TRUNK)));
    }

    @Test
    void aSilentTrunkRefusesOnlyCallbacksThatGoThroughIt() {
        trunk.set(TrunkState.DOWN);
        gate.admit(settings, callback(ROUTED, ROUTED));
        CallbackRejectedException e = assertThrows(CallbackRejectedException.class,
                () -> gate.admit(settings, callback(ROUTED, VIA_TRUNK)));
        assertEquals("the trunk does not answer", e.getMessage());
        assertEquals(Optional.empty(), gate.overload(settings), "an INVITE from the trunk is not refused for it");
    }

    private static EngineCall.Parties callback(PhoneNumber from, PhoneNumber to) {
        return new EngineCall.Parties(EngineCall.newId(), Tenant.DEFAULT, CallKind.CALLBACK, null, from, to, X, null, null, 30,
                600);
    }
}
