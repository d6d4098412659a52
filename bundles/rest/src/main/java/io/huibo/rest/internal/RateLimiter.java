package io.huibo.rest.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API key: {@code perSecond} requests a second on average, bursts of up to
 * {@code burst}. Kept in memory, so each node limits what reaches it. Only keys whose signature
 * verified get a bucket, so the table holds at most one per key of the install.
 */
final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** @return 0 if the key may go on now, else the whole seconds until it may */
    long acquire(String keyId, long nowNanos) {
        return buckets.computeIfAbsent(keyId, k -> new TokenBucket(perSecond, burst, nowNanos)).take(nowNanos);
    }
}
