package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.huibo.api.BindingException;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;

class DisplayNumbersTest {
    private static final PhoneNumber FREE = PhoneNumber.ofE164("+8657188880000");
    private static final PhoneNumber ACMES = PhoneNumber.ofE164("+8657188880001");
    private static final PhoneNumber ACMES_TOO = PhoneNumber.ofE164("+8657188880002");

    private final MemoryPool pool = new MemoryPool();

    @Test
    void configuredNumbersInNoPoolJoinTheDefaultTenantsAndAnotherTenantsStayItsOwn() {
        pool.add("acme", ACMES, "0571", null);
        DisplayNumbers.claim(pool, List.of(ACMES, FREE));
        assertEquals(Optional.of(Tenant.DEFAULT), pool.ownerOf(FREE));
        assertEquals(Optional.of("acme"), pool.ownerOf(ACMES));
        DisplayNumbers.claim(pool, List.of(ACMES, FREE)); // again, at the next change of the file: nothing moves
        assertEquals(List.of(FREE), pool.list(Tenant.DEFAULT).stream().map(PoolNumber::number).toList());
    }

    @Test
    void theDefaultTenantShowsTheFirstConfiguredNumberItOwns() {
        pool.add("acme", ACMES, "0571", null);
        DisplayNumbers.claim(pool, List.of(ACMES, FREE));
        assertEquals(FREE, DisplayNumbers.choose(pool, Tenant.DEFAULT, null, List.of(ACMES, FREE)));
        assertRefused(Reason.INVALID_NUMBER, () -> DisplayNumbers.choose(pool, Tenant.DEFAULT, ACMES, List.of(ACMES, FREE)));
    }

    @Test
    void aTenantShowsOnlyNumbersOfItsOwnPool() {
        DisplayNumbers.claim(pool, List.of(FREE));
        assertRefused(Reason.INVALID_REQUEST, () -> DisplayNumbers.choose(pool, "acme", null, List.of(FREE)));
        assertRefused(Reason.INVALID_NUMBER, () -> DisplayNumbers.choose(pool, "acme", FREE, List.of(FREE)));
        pool.add("acme", ACMES_TOO, "0571", null);
        pool.add("acme", ACMES, "0571", null);
        assertEquals(ACMES, DisplayNumbers.choose(pool, "acme", null, List.of(FREE)), "its first pool number");
        assertEquals(ACMES_TOO, DisplayNumbers.choose(pool, "acme", ACMES_TOO, List.of(FREE)));
    }

    @Test
    void withoutThePoolNoCallbackIsPlaced() {
        assertRefused(Reason.OVERLOADED, () -> DisplayNumbers.choose(null, Tenant.DEFAULT, null, List.of(FREE)));
    }

    private static void assertRefused(Reason reason, Runnable call) {
        assertEquals(reason, assertThrows(CallbackRejectedException.class, call::run).reason());
    }

    /** A pool in memory, one pool per number as the store keeps it. */
    private static final class MemoryPool implements NumberPool {
        private final Map<PhoneNumber, PoolNumber> numbers = new TreeMap<>((a, b) -> a.e164().compareTo(b.e164()));

        @Override
        public PoolNumber add(String tenantId, PhoneNumber number, String city, String storeId) {
            if (numbers.containsKey(number)) {
                throw new BindingException(BindingException.Reason.BIND_CONFLICT, "in a pool already");
            }
            PoolNumber added = new PoolNumber(number, tenantId, city, storeId, Instant.EPOCH);
            numbers.put(number, added);
            return added;
        }

        @Override
        public Optional<String> ownerOf(PhoneNumber number) {
            return Optional.ofNullable(numbers.get(number)).map(PoolNumber::tenantId);
        }

        @Override
        public List<PoolNumber> list(String tenantId) {
            return numbers.values().stream().filter(n -> n.tenantId().equals(tenantId)).toList();
        }

        @Override
        public void remove(String tenantId, PhoneNumber number) {
            numbers.remove(number);
        }
    }
}
