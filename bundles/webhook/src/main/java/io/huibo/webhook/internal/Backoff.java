package io.huibo.webhook.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed event again: base, 2 × base, 4 × base … up to the cap, each wait drawn
 * between half and all of that (jitter, so that a receiver coming back is not hit by every
 * queued event at once), and never past the retry window of {@link #GIVE_UP_AFTER} from the
 * event's creation, whose end is the last attempt.
 */
final class Backoff {
    /** The contract's promise: retried for 24 h. */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

    private final long baseMillis;
    private final long capMillis;

    Backoff(long baseMillis, long capMillis) {
        if (baseMillis < 1 || capMillis < baseMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= base <= cap, got " + baseMillis + " and " + capMillis);
        }
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
    }

    /** The longest wait after the {@code attempts}-th failed attempt (1 for the first). */
    long ceilingMillis(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 62);
        long ceiling = baseMillis << doublings;
        return ceiling <= 0 || ceiling > capMillis || ceiling >> doublings != baseMillis ? capMillis : ceiling;
    }

    /**
     * The next attempt after the {@code attempts}-th failed at {@code now}, or null when the event,
     * made at {@code createdAt}, has had its last chance.
     */
    Instant next(Instant createdAt, int attempts, Instant now) {
        Instant deadline = createdAt.plus(GIVE_UP_AFTER);
        if (!now.isBefore(deadline)) {
            return null;
        }
        long ceiling = ceilingMillis(attempts);
        long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
        Instant next = now.plusMillis(wait);
        return next.isAfter(deadline) ? deadline : next;
    }
}
