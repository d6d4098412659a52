package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ReadCacheTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now = START;
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @Test
    void aValueIsReadOnceUntilItExpires() {
        ReadCache<String, String> cache = new ReadCache<>(Duration.ofSeconds(5), 10, clock);
        AtomicInteger reads = new AtomicInteger();
        java.util.function.Function<String, String> read = k -> {
            reads.incrementAndGet();
            return "v";
        };
        for (int i = 0; i < 3; i++) {
            assertEquals("v", cache.get("k", read));
        }
        assertEquals(1, reads.get());
        now = START.plusSeconds(5);
        cache.get("k", read);
        assertEquals(2, reads.get(), "read again once expired");
    }

    @Test
    void nothingFoundIsNeverKeptAndTheSizeIsBounded() {
        ReadCache<Integer, String> cache = new ReadCache<>(Duration.ofMinutes(1), 50, clock);
        AtomicInteger reads = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Optional.empty(), cache.find(i, k -> {
                reads.incrementAndGet();
                return Optional.empty();
            }));
        }
        assertEquals(0, cache.size());
        assertEquals(Optional.empty(), cache.find(1, k -> {
            reads.incrementAndGet();
            return Optional.empty();
        }));
        assertEquals(10_001, reads.get(), "a miss is read again each time");

        for (int i = 0; i < 10_000; i++) {
            cache.find(i, k -> Optional.of("v" + k));
        }
        assertTrue(cache.size() <= 50, "at most the maximum: " + cache.size());
    }
}
