package io.huibo.rest.internal;

import static io.huibo.rest.internal.JsonFields.integer;
import static io.huibo.rest.internal.JsonFields.number;
import static io.huibo.rest.internal.JsonFields.string;

import java.time.Instant;
import java.util.Locale;

import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.WireName;

/**
 * The binding resource of the API contract and the bodies that make and change one. A and B are
 * masked unless the caller holds the {@code reveal} right; X is the tenant's own number and shown whole.
 */
final class BindingJson {

    /** What a PATCH changes; null fields stay as they are. */
    record Changes(PhoneNumber b, Integer ttlSeconds, Direction direction) {
    }

    private BindingJson() {
    }

    static JsonObject of(Binding binding, Instant now, Caller caller) {
        JsonObject json = new JsonObject();
        json.addProperty("id", binding.id());
        json.addProperty("mode", binding.mode().name());
        json.addProperty("x", binding.x().e164());
        json.addProperty("a", caller.show(binding.a()));
        json.addProperty("b", caller.show(binding.b()));
        json.addProperty("direction", binding.direction().wireName());
        json.addProperty("orderId", binding.orderId());
        json.addProperty("city", binding.city());
        json.addProperty("cityFallback", binding.cityFallback());
        json.addProperty("createdAt", CallJson.time(binding.createdAt()));
        json.addProperty("expiresAt", CallJson.time(binding.expiresAt()));
        json.addProperty("deletedAt", CallJson.time(binding.deletedAt()));
        json.addProperty("state", binding.deletedAt() != null ? "deleted" : binding.isActive(now) ? "active" : "expired");
        return json;
    }

    /** The body of {@code POST /api/v1/bindings}; the binding service checks what the fields mean together. */
    static BindingRequest request(JsonObject body, String tenantId, String region) {
        String mode = string(body, "mode");
        if (mode == null) {
            throw ApiException.invalidRequest("mode is required: AXB or AXN");
        }
        Integer ttlSeconds = integer(body, "ttlSeconds");
        if (ttlSeconds == null) {
            throw ApiException.invalidRequest("ttlSeconds is required");
        }
        return new BindingRequest(tenantId, mode(mode), number(body, "a", region, true), number(body, "b", region, false),
                ttlSeconds, string(body, "city"), direction(body), string(body, "orderId"), number(body, "x", region, false));
    }

    /** The body of {@code PATCH /api/v1/bindings/{id}}. */
    static Changes changes(JsonObject body, String region) {
        return new Changes(number(body, "b", region, false), integer(body, "ttlSeconds"), direction(body));
    }

    private static BindingMode mode(String mode) {
        try {
            return BindingMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("mode must be AXB or AXN");
        }
    }

    private static Direction direction(JsonObject body) {
        String direction = string(body, "direction");
        if (direction == null) {
            return null;
        }
        try {
            return WireName.parse(Direction.class, direction);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("direction must be both, a-to-b or b-to-a");
        }
    }
}
