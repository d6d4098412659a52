package io.huibo.webhook.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.Call;
import io.huibo.api.Tenant;

/**
 * Turns what happened to calls and bindings into queued webhook events, addressed to the call's
 * {@code statusCallbackUrl} or else the tenant's default URL; with neither, nothing is queued.
 */
final class EventRecorder {
    private final Outbox outbox;
    private final Function<String, Optional<Tenant>> tenants;
    private final Clock clock;

    EventRecorder(Outbox outbox, Function<String, Optional<Tenant>> tenants, Clock clock) {
        this.outbox = outbox;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Queues every event the snapshot shows to have happened and that was not queued yet. @return how many */
    int call(Call call) throws SQLException {
        String url = call.statusCallbackUrl() != null ? call.statusCallbackUrl() : tenantUrl(call.tenantId());
        if (url == null) {
            return 0;
        }
        JsonObject data = EventJson.call(call);
        List<Happening> happened = CallHappenings.of(call);
        return outbox.write(c -> outbox.queue(c, call.tenantId(), call.id(), url, data, happened, clock.instant()));
    }

    /**
     * Queues {@code happening} of the binding, if its tenant has a URL, in one transaction with
     * {@code alongside}, which may call it off by answering false.
     *
     * @return whether {@code alongside} let it happen
     */
    boolean binding(Binding binding, Happening happening, Outbox.Work<Boolean> alongside) throws SQLException {
        String url = tenantUrl(binding.tenantId());
        JsonObject data = EventJson.binding(binding, happening.at());
        return outbox.write(c -> {
            if (!alongside.run(c)) {
                return false;
            }
            if (url != null) {
                outbox.queue(c, binding.tenantId(), binding.id(), url, data, List.of(happening), clock.instant());
            }
            return true;
        });
    }

    /** Whether the tenant has a URL for binding events: without one, none is queued. */
    boolean announcesBindings(String tenantId) {
        return tenantUrl(tenantId) != null;
    }

    private String tenantUrl(String tenantId) {
        return tenants.apply(tenantId).map(Tenant::webhookUrl).filter(url -> !url.isBlank()).orElse(null);
    }
}
