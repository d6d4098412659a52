package io.huibo.store.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Answers read on every API request (a key, its tenant) kept for a few seconds, so a request
 * costs no database read for them. This node's own changes drop the entry at once; another
 * node's are seen once it expires. At most {@code maximumSize} entries are kept, the least
 * useful evicted first, and nothing found is never kept: a flood of unknown ids cannot fill it.
 */
final class ReadCache<K, V> {
    private final Cache<K, V> entries;

    ReadCache(Duration lifetime, long maximumSize, Clock clock) {
        this.entries = Caffeine.newBuilder().expireAfterWrite(lifetime).maximumSize(maximumSize)
                .ticker(() -> clock.millis() * 1_000_000)
                // evict on the caller's thread: no work left to the common pool, and a size that is exact
                .executor(Runnable::run).build();
    }

    /** The value for {@code key}, read with {@code load} unless kept. */
    V get(K key, Function<K, V> load) {
        return entries.get(key, load);
    }

    /** What {@code load} finds for {@code key}; only a value found is kept. */
    Optional<V> find(K key, Function<K, Optional<V>> load) {
        return Optional.ofNullable(entries.get(key, k -> load.apply(k).orElse(null)));
    }

    void forget(K key) {
        entries.invalidate(key);
    }

    void clear() {
        entries.invalidateAll();
    }

    /** How many entries are kept now. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
