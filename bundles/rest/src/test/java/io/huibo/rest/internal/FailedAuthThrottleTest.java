package io.huibo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailedAuthThrottleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void anAddressPastItsBurstWaitsForTheRefill() {
        FailedAuthThrottle throttle = new FailedAuthThrottle(1, 20, 1000);
        long t = 1000 * SECOND;
        for (int i = 0; i < 20; i++) {
            assertEquals(0, throttle.secondsUntilAllowed("192.0.2.7", t));
            throttle.failed("192.0.2.7", t);
        }
        assertEquals(1, throttle.secondsUntilAllowed("192.0.2.7", t), "the 21st waits one second");
        assertEquals(0, throttle.secondsUntilAllowed("192.0.2.8", t), "another address is not held back");
        assertEquals(0, throttle.secondsUntilAllowed("192.0.2.7", t + SECOND), "one token a second");
        throttle.failed("192.0.2.7", t + SECOND);
        assertEquals(1, throttle.secondsUntilAllowed("192.0.2.7", t + SECOND));
    }

    @Test
    void ipv6AddressesCountPer64AndMappedIpv4AsIpv4() {
        assertEquals("20010db8000100020000000000000000".substring(0, 16) + "::/64",
                FailedAuthThrottle.source("2001:db8:1:2::1"));
        assertEquals(FailedAuthThrottle.source("2001:db8:1:2::1"), FailedAuthThrottle.source("2001:db8:1:2:ffff:1:2:3"));
        assertTrue(!FailedAuthThrottle.source("2001:db8:1:3::1").equals(FailedAuthThrottle.source("2001:db8:1:2::1")));
        assertEquals("192.0.2.7", FailedAuthThrottle.source("::ffff:192.0.2.7"));
        assertEquals("192.0.2.7", FailedAuthThrottle.source("192.0.2.7"));
        assertEquals("not-an-address.example", FailedAuthThrottle.source("not-an-address.example"), "no DNS lookup");

        FailedAuthThrottle throttle = new FailedAuthThrottle(1, 2, 1000);
        throttle.failed("2001:db8:1:2::1", 0);
        throttle.failed("2001:db8:1:2::99", 0);
        assertEquals(1, throttle.secondsUntilAllowed("2001:db8:1:2:abcd::5", 0), "the same /64");
        assertEquals(0, throttle.secondsUntilAllowed("2001:db8:1:3::1", 0));
    }

    @Test
    void theTableHoldsAtMostItsMaximumOfAddresses() {
        FailedAuthThrottle throttle = new FailedAuthThrottle(1, 20, 500);
        for (int i = 0; i < 100_000; i++) {
            throttle.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 0);
        }
        assertTrue(throttle.addresses() <= 500, "at most 500: " + throttle.addresses());
    }
}
