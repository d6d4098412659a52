package io.huibo.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static ApiKey key(Set<Right> rights) {
        return new ApiKey("k1", "acme", rights, Instant.EPOCH, null);
    }

    @Test
    void adminHoldsEveryTenantRightButNotTheOperators() {
        ApiKey admin = key(EnumSet.of(Right.ADMIN));
        for (Right right : EnumSet.complementOf(EnumSet.of(Right.OPERATOR))) {
            assertTrue(admin.may(right), right.wireName());
        }
        assertFalse(admin.may(Right.OPERATOR));
        assertFalse(key(EnumSet.of(Right.NUMBERS, Right.REVEAL)).may(Right.OPERATOR));
        assertTrue(key(EnumSet.of(Right.OPERATOR)).may(Right.OPERATOR));
        assertFalse(key(EnumSet.of(Right.OPERATOR)).may(Right.CALLS), "the operator right is no master key");
    }
}
