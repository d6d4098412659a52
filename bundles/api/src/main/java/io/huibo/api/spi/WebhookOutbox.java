package io.huibo.api.spi;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The webhook outbox: events are written here in the transaction that decides them, before any
 * is sent, and carry their delivery state, so a restart resumes where the last run stopped. Each
 * call's or binding's events are numbered in the order they were queued, and only the earliest
 * undelivered one of each is ever due. Implemented by the store bundle, which keeps the bodies
 * sealed, as they name the parties, and purges settled events by its retention.
 */
@ProviderType
public interface WebhookOutbox {

    /** The body of an event, rendered once the outbox has given it its id and its place. */
    @FunctionalInterface
    interface Body {
        String render(String eventId, long sequence);
    }

    /**
     * An event to queue, once only per {@code dedupeKey}: the same happening seen in a later
     * snapshot queues nothing again.
     */
    record NewEvent(String type, String dedupeKey, Body body) {
    }

    /**
     * Events about one call or binding ({@code subjectId}) for one URL, queued at {@code now};
     * {@code url} is null only when there are no events.
     */
    record Batch(String tenantId, String subjectId, String url, List<NewEvent> events, Instant now) {
        public Batch {
            events = List.copyOf(events);
        }
    }

    /**
     * Queues, in one transaction, those of the batch's events not queued for its subject before,
     * numbered after the ones that were.
     *
     * @return how many were queued
     */
    int enqueue(Batch batch);

    /**
     * Events due at {@code now}, each the earliest undelivered one of its call or binding, most
     * overdue first, at most {@code limit}.
     */
    List<OutboxEvent> due(Instant now, int limit);

    /** Records the event delivered: the next event of its call or binding is due. */
    void delivered(OutboxEvent event, Instant now);

    /** Gives the event up for good: it stays on record, and the next event of its call goes ahead. */
    void failed(OutboxEvent event, Instant now, String error);

    /** Records a failed attempt, the next to be made at {@code next}. */
    void retryAt(OutboxEvent event, Instant next, String error);
}
