package io.huibo.binding.internal;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.RelayDecision;
import io.huibo.api.RelayDecision.Verdict;

/** Where a call from {@code caller} goes through the active binding that matched it on X. */
final class RelayRules {

    private RelayRules() {
    }

    static RelayDecision decide(Binding binding, PhoneNumber caller) {
        if (binding.mode() == BindingMode.AXN) {
            return RelayDecision.relay(binding.tenantId(), binding.id(), binding.a());
        }
        if (caller.equals(binding.a())) {
            return allowed(binding, Direction.A_TO_B) ? RelayDecision.relay(binding.tenantId(), binding.id(), binding.b())
                    : RelayDecision.refuse(Verdict.DIRECTION_FORBIDDEN, binding.tenantId(), binding.id());
        }
        if (caller.equals(binding.b())) {
            return allowed(binding, Direction.B_TO_A) ? RelayDecision.relay(binding.tenantId(), binding.id(), binding.a())
                    : RelayDecision.refuse(Verdict.DIRECTION_FORBIDDEN, binding.tenantId(), binding.id());
        }
        return RelayDecision.refuse(Verdict.NO_BINDING, binding.tenantId(), null);
    }

    private static boolean allowed(Binding binding, Direction way) {
        return binding.direction() == Direction.BOTH || binding.direction() == way;
    }
}
