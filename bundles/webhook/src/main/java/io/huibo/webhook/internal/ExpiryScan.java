package io.huibo.webhook.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import io.huibo.api.Binding;
import io.huibo.api.spi.BindingExpiries;

/**
 * Finds bindings that expired and queues their {@code binding.expired}, once each: a binding
 * expires in the database at the second with no event, so someone has to look. The store marks
 * each expiry in the step that queues its event. A binding deleted before its expiry is skipped:
 * it had its {@code binding.deleted}. Expiries older than the retry window are not announced any more.
 */
final class ExpiryScan {
    private final BindingExpiries expiries;
    private final EventRecorder recorder;
    private final Function<String, Optional<Binding>> bindings;
    private final Clock clock;

    ExpiryScan(BindingExpiries expiries, EventRecorder recorder, Function<String, Optional<Binding>> bindings, Clock clock) {
        this.expiries = expiries;
        this.recorder = recorder;
        this.bindings = bindings;
        this.clock = clock;
    }

    /** @return how many expiries it marked */
    int run() {
        Instant now = clock.instant();
        int marked = 0;
        for (String id : expiries.unmarked(now, now.minus(Backoff.GIVE_UP_AFTER))) {
            // read first, apart from the mark: the mark locks the row the store reads
            Optional<Binding> binding = bindings.apply(id);
            if (binding.isPresent() && recorder.expired(binding.get())) {
                marked++;
            }
        }
        return marked;
    }
}
