package io.huibo.rest.internal;

/**
 * A token bucket: {@code perSecond} tokens a second refill it, up to {@code burst}; a taker
 * spends one. Times are {@link System#nanoTime()} values.
 */
final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long at;

    TokenBucket(double perSecond, double burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.at = nowNanos;
    }

    /** Spends a token if there is one. @return 0 if one was spent, else the whole seconds until there is one */
    synchronized long take(long nowNanos) {
        long wait = secondsUntilToken(nowNanos);
        if (wait == 0) {
            tokens -= 1;
        }
        return wait;
    }

    /** @return 0 if a token is there now, else the whole seconds until there is one */
    synchronized long secondsUntilToken(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - at) / 1e9 * perSecond);
        at = nowNanos;
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perSecond);
    }
}
