package io.huibo.store.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers read on every API request (a key, its tenant) kept for a few seconds, so a request
 * costs no database read for them. This node's own changes drop the entry at once; another
 * node's are seen once it expires.
 */
final class ReadCache<K, V> {
    private record Entry<V>(V value, Instant expires) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    ReadCache(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    V get(K key, Function<K, V> load) {
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry == null || !now.isBefore(entry.expires())) {
            entry = new Entry<>(load.apply(key), now.plus(lifetime));
            entries.put(key, entry);
        }
        return entry.value();
    }

    void forget(K key) {
        entries.remove(key);
    }

    void clear() {
        entries.clear();
    }
}
