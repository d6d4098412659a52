package io.huibo.rest.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import io.huibo.api.Call;
import io.huibo.api.Leg;
import io.huibo.api.WireName;

/**
 * The call resource of the API contract. The parties' numbers are masked unless the caller holds
 * the {@code reveal} right; the display number is the tenant's own and shown whole.
 */
final class CallJson {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private CallJson() {
    }

    static JsonObject of(Call call, Caller caller) {
        JsonObject json = new JsonObject();
        json.addProperty("id", call.id());
        json.addProperty("kind", call.kind().wireName());
        json.addProperty("bindingId", call.bindingId());
        json.addProperty("state", call.state().wireName());
        json.addProperty("from", caller.show(call.from()));
        json.addProperty("to", caller.show(call.to()));
        json.addProperty("display", call.display().e164());
        json.addProperty("userData", call.userData());
        JsonArray legs = new JsonArray();
        for (Leg leg : call.legs()) {
            legs.add(of(leg));
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

    private static JsonObject of(Leg leg) {
        JsonObject json = new JsonObject();
        json.addProperty("party", leg.party().wireName());
        json.addProperty("state", leg.state().wireName());
        json.addProperty("invitedAt", time(leg.invitedAt()));
        json.addProperty("ringingAt", time(leg.ringingAt()));
        json.addProperty("answeredAt", time(leg.answeredAt()));
        json.addProperty("endedAt", time(leg.endedAt()));
        if (leg.sipStatus() == null) {
            json.add("sipStatus", JsonNull.INSTANCE);
        } else {
            json.addProperty("sipStatus", leg.sipStatus());
        }
        return json;
    }

    static String time(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }

    private static String wire(WireName value) {
        return value == null ? null : value.wireName();
    }
}
