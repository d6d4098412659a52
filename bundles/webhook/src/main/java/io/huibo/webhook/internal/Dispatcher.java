package io.huibo.webhook.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.spi.OutboxEvent;
import io.huibo.api.spi.WebhookOutbox;

/**
 * Sends what the outbox has due: at most one event per call or binding at a time, so each goes
 * only after the one before it was delivered (or given up), and up to {@code senders} calls in
 * parallel. A poll on the scheduler finds due events; a queued or delivered event polls at once,
 * so a call's next event does not wait for the clock. Whatever is undelivered when it stops, in
 * flight included, is sent again after the next start: at least once.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final WebhookOutbox outbox;
    private final WebhookClient client;
    private final Backoff backoff;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    private final int capacity;
    /** Calls and bindings with an event on the wire: the next of theirs waits. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    Dispatcher(WebhookOutbox outbox, WebhookClient client, Backoff backoff, Clock clock, ScheduledExecutorService scheduler,
            ExecutorService senders, int capacity) {
        this.outbox = outbox;
        this.client = client;
        this.backoff = backoff;
        this.clock = clock;
        this.scheduler = scheduler;
        this.senders = senders;
        this.capacity = capacity;
    }

    /** Asks for a poll soon, off the caller's thread. */
    void nudge() {
        try {
            scheduler.execute(this::poll);
        } catch (RejectedExecutionException stopping) {
            // the next start resumes from the outbox
        }
    }

    /** Hands each due event whose call has none on the wire to a sender. Runs on the scheduler's one thread only. */
    void poll() {
        // taken before reading: a call busy now may finish meanwhile, and its row then read as
        // due would go out twice; its own end nudges another poll for its next event
        Set<String> busy = Set.copyOf(inFlight);
        int free = capacity - busy.size();
        if (free <= 0) {
            return;
        }
        List<OutboxEvent> due;
        try {
            due = outbox.due(clock.instant(), capacity);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the webhook outbox; trying again shortly", e);
            return;
        }
        for (OutboxEvent event : due) {
            if (free == 0) {
                return;
            }
            if (!busy.contains(event.orderingKey()) && inFlight.add(event.orderingKey())) {
                free--;
                try {
                    senders.execute(() -> deliver(event));
                } catch (RejectedExecutionException stopping) {
                    inFlight.remove(event.orderingKey());
                    return;
                }
            }
        }
    }

    private void deliver(OutboxEvent event) {
        try {
            record(event, client.send(event));
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            inFlight.remove(event.orderingKey());
        }
        nudge();
    }

    private void record(OutboxEvent event, WebhookClient.Result result) {
        Instant now = clock.instant();
        try {
            if (result.delivered()) {
                outbox.delivered(event, now);
                LOG.debug("Webhook {} {} of {} delivered", event.id(), event.type(), event.orderingKey());
                return;
            }
            if (result.refused()) {
                // no URL or address in it, nor numbers: the reason says what kind of address it was
                outbox.failed(event, now, result.error());
                LOG.warn("Webhook {} {} of {} not sent, and given up: {}", event.id(), event.type(), event.orderingKey(),
                        result.error());
                return;
            }
            Instant next = backoff.next(event.createdAt(), event.attempts() + 1, now);
            if (next == null) {
                outbox.failed(event, now, result.error());
                LOG.warn("Webhook {} {} of {} given up after {} attempts over {}: {}", event.id(), event.type(),
                        event.orderingKey(), event.attempts() + 1, Backoff.GIVE_UP_AFTER, result.error());
            } else {
                outbox.retryAt(event, next, result.error());
                LOG.info("Webhook {} {} of {} not delivered ({}); attempt {} at {}", event.id(), event.type(),
                        event.orderingKey(), result.error(), event.attempts() + 2, next);
            }
        } catch (RuntimeException e) {
            // the row still says due: it is sent again, which at-least-once allows
            LOG.warn("Could not record the outcome of webhook {}", event.id(), e);
        }
    }
}
