package io.huibo.webhook.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.Call;
import io.huibo.api.Tenant;
import io.huibo.api.spi.BindingExpiries;
import io.huibo.api.spi.WebhookOutbox;

/**
 * Turns what happened to calls and bindings into queued webhook events, addressed to the call's
 * {@code statusCallbackUrl} or else the tenant's default URL; with neither, nothing is queued.
 */
final class EventRecorder {
    private final WebhookOutbox outbox;
    private final BindingExpiries expiries;
    private final Function<String, Optional<Tenant>> tenants;
    private final Clock clock;

    EventRecorder(WebhookOutbox outbox, BindingExpiries expiries, Function<String, Optional<Tenant>> tenants, Clock clock) {
        this.outbox = outbox;
        this.expiries = expiries;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Queues every event the snapshot shows to have happened and that was not queued yet. @return how many */
    int call(Call call) {
        String url = call.statusCallbackUrl() != null ? call.statusCallbackUrl() : tenantUrl(call.tenantId());
        if (url == null) {
            return 0;
        }
        return outbox.enqueue(batch(call.tenantId(), call.id(), url, EventJson.call(call), CallHappenings.of(call)));
    }

    /** Queues {@code happening} of the binding, if its tenant has a URL. */
    void binding(Binding binding, Happening happening) {
        String url = tenantUrl(binding.tenantId());
        if (url != null) {
            outbox.enqueue(batch(binding.tenantId(), binding.id(), url, EventJson.binding(binding, happening.at()),
                    List.of(happening)));
        }
    }

    /**
     * Marks the binding's expiry announced, queueing its {@code binding.expired} if its tenant has
     * a URL, in one step. @return false if a delete, an extension or another mark got there first
     */
    boolean expired(Binding binding) {
        Happening expired = Happening.of(Happening.BINDING_EXPIRED, binding.expiresAt());
        String url = tenantUrl(binding.tenantId());
        List<Happening> announced = url == null ? List.of() : List.of(expired);
        return expiries.mark(binding.id(), batch(binding.tenantId(), binding.id(), url,
                EventJson.binding(binding, expired.at()), announced));
    }

    /** Whether the tenant has a URL for binding events: without one, none is queued. */
    boolean announcesBindings(String tenantId) {
        return tenantUrl(tenantId) != null;
    }

    private WebhookOutbox.Batch batch(String tenantId, String subjectId, String url, JsonObject data,
            List<Happening> happenings) {
        Instant now = clock.instant();
        return new WebhookOutbox.Batch(tenantId, subjectId, url, happenings.stream()
                .map(h -> new WebhookOutbox.NewEvent(h.type(), h.dedupeKey(subjectId),
                        (id, sequence) -> EventJson.envelope(id, h, sequence, now, data)))
                .toList(), now);
    }

    private String tenantUrl(String tenantId) {
        return tenants.apply(tenantId).map(Tenant::webhookUrl).filter(url -> !url.isBlank()).orElse(null);
    }
}
