package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import io.huibo.api.PhoneNumber;

class DialPlanTest {
    private static final DialPlan.Peer TRUNK = new DialPlan.Peer("127.0.0.1", 5070);

    @Test
    void theLongestMatchingPrefixWinsAndTheTrunkTakesTheRest() {
        DialPlan plan = new DialPlan(TRUNK, " +86138=127.0.0.2:5060, +8613800138000=127.0.0.1:5061 ,");
        assertEquals(new DialPlan.Peer("127.0.0.1", 5061), plan.peerFor(PhoneNumber.ofE164("+8613800138000")));
        assertEquals(new DialPlan.Peer("127.0.0.2", 5060), plan.peerFor(PhoneNumber.ofE164("+8613800138001")));
        assertEquals(TRUNK, plan.peerFor(PhoneNumber.ofE164("+8613900139000")));
        assertEquals(TRUNK, new DialPlan(TRUNK, "").peerFor(PhoneNumber.ofE164("+8613900139000")));
    }

    @Test
    void malformedRoutesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DialPlan(TRUNK, "86138=127.0.0.1:5061"));
        assertThrows(IllegalArgumentException.class, () -> new DialPlan(TRUNK, "+86138=127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> new DialPlan(TRUNK, "+86138"));
    }

    /** Over UDP the port counts too: anything else on the trunk's host could send from another. */
    @Test
    void overUdpOnlyThePeersOwnPortIsTrustedOverConnectionsItsAddress() {
        DialPlan plan = new DialPlan(TRUNK, "+86138=127.0.0.2:5060");
        assertTrue(plan.trusts(new InetSocketAddress("127.0.0.1", 5070), false));
        assertTrue(plan.trusts(new InetSocketAddress("127.0.0.2", 5060), false));
        assertFalse(plan.trusts(new InetSocketAddress("127.0.0.1", 5071), false), "the trunk's host, another port");
        assertFalse(plan.trusts(new InetSocketAddress("127.0.0.1", 5060), false), "a route's port on the trunk's host");
        assertTrue(plan.trusts(new InetSocketAddress("127.0.0.1", 41234), true), "a connection from the trunk");
        assertFalse(plan.trusts(new InetSocketAddress("127.0.0.3", 5070), true));
        assertFalse(plan.trusts(new InetSocketAddress("127.0.0.3", 5070), false));
    }
}
