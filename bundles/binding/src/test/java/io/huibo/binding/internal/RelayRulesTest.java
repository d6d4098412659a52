package io.huibo.binding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.api.RelayDecision;
import io.huibo.api.RelayDecision.Verdict;

class RelayRulesTest {
    private static final PhoneNumber A = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber B = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber C = PhoneNumber.ofE164("+8613700137000");
    private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

    private static Binding binding(BindingMode mode, PhoneNumber b, Direction direction) {
        return new Binding("b_1", Tenant.DEFAULT, mode, PhoneNumber.ofE164("+8657188880001"), A, b, direction, null, null, false, T, T.plusSeconds(60), null);
    }

    @Test
    void eachDirectionLetsItsCallersThrough() {
        Binding both = binding(BindingMode.AXB, B, Direction.BOTH);
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, "b_1", B), RelayRules.decide(both, A));
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, "b_1", A), RelayRules.decide(both, B));

        Binding aToB = binding(BindingMode.AXB, B, Direction.A_TO_B);
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, "b_1", B), RelayRules.decide(aToB, A));
        assertEquals(RelayDecision.refuse(Verdict.DIRECTION_FORBIDDEN, Tenant.DEFAULT, "b_1"), RelayRules.decide(aToB, B));

        Binding bToA = binding(BindingMode.AXB, B, Direction.B_TO_A);
        assertEquals(RelayDecision.refuse(Verdict.DIRECTION_FORBIDDEN, Tenant.DEFAULT, "b_1"), RelayRules.decide(bToA, A));
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, "b_1", A), RelayRules.decide(bToA, B));
    }

    @Test
    void anyoneReachesAThroughAnAxnNumberAndStrangersNoAxbParty() {
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, "b_1", A), RelayRules.decide(binding(BindingMode.AXN, null, Direction.BOTH), C));
        assertEquals(RelayDecision.refuse(Verdict.NO_BINDING, Tenant.DEFAULT, null),
                RelayRules.decide(binding(BindingMode.AXB, B, Direction.BOTH), C));
    }
}
