package io.huibo.webhook.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.Call;
import io.huibo.api.Leg;
import io.huibo.api.PhoneNumber;
import io.huibo.api.WireName;

/**
 * Webhook bodies: the event envelope, and in its {@code data} the call or binding resource as the
 * API shows it. A receiver is not an API caller with rights, so the parties' numbers are always
 * masked; X and the display number are the tenant's own and shown whole.
 */
final class EventJson {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventJson() {
    }

    static String envelope(String id, Happening happening, long sequence, Instant createdAt, JsonObject data) {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("type", happening.type());
        json.addProperty("createdAt", time(createdAt));
        json.addProperty("occurredAt", time(happening.at()));
        json.addProperty("sequence", sequence);
        if (happening.party() != null) {
            json.addProperty("party", happening.party().wireName());
        }
        json.add("data", data);
        return json.toString();
    }

    static JsonObject call(Call call) {
        JsonObject json = new JsonObject();
        json.addProperty("id", call.id());
        json.addProperty("kind", call.kind().wireName());
        json.addProperty("bindingId", call.bindingId());
        json.addProperty("state", call.state().wireName());
        json.addProperty("from", masked(call.from()));
        json.addProperty("to", masked(call.to()));
        json.addProperty("display", call.display().e164());
        json.addProperty("userData", call.userData());
        JsonArray legs = new JsonArray();
        for (Leg leg : call.legs()) {
            legs.add(leg(leg));
        }
        json.add("legs", legs);
        json.addProperty("createdAt", time(call.createdAt()));
        json.addProperty("bridgedAt", time(call.bridgedAt()));
        json.addProperty("endedAt", time(call.endedAt()));
        json.addProperty("durationSeconds", call.durationSeconds());
        json.addProperty("outcome", wire(call.outcome()));
        json.addProperty("hangupBy", wire(call.hangupBy()));
        return json;
    }

    /** The binding as it stood at {@code at}: a deletion after that is not shown yet. */
    static JsonObject binding(Binding binding, Instant at) {
        Instant deletedAt = binding.deletedAt() != null && !binding.deletedAt().isAfter(at) ? binding.deletedAt() : null;
        JsonObject json = new JsonObject();
        json.addProperty("id", binding.id());
        json.addProperty("mode", binding.mode().name());
        json.addProperty("x", binding.x().e164());
        json.addProperty("a", masked(binding.a()));
        json.addProperty("b", masked(binding.b()));
        json.addProperty("direction", binding.direction().wireName());
        json.addProperty("orderId", binding.orderId());
        json.addProperty("city", binding.city());
        json.addProperty("cityFallback", binding.cityFallback());
        json.addProperty("createdAt", time(binding.createdAt()));
        json.addProperty("expiresAt", time(binding.expiresAt()));
        json.addProperty("deletedAt", time(deletedAt));
        json.addProperty("state", deletedAt != null ? "deleted" : at.isBefore(binding.expiresAt()) ? "active" : "expired");
        return json;
    }

    private static JsonObject leg(Leg leg) {
        JsonObject json = new JsonObject();
        json.addProperty("party", leg.party().wireName());
        json.addProperty("state", leg.state().wireName());
        json.addProperty("invitedAt", time(leg.invitedAt()));
        json.addProperty("ringingAt", time(leg.ringingAt()));
        json.addProperty("answeredAt", time(leg.answeredAt()));
        json.addProperty("endedAt", time(leg.endedAt()));
        json.addProperty("sipStatus", leg.sipStatus());
        return json;
    }

    private static String masked(PhoneNumber number) {
        return number == null ? null : number.masked();
    }

    static String time(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }

    private static String wire(WireName value) {
        return value == null ? null : value.wireName();
    }
}
