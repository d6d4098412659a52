package io.huibo.rest.internal;

import java.io.IOException;
import java.time.Instant;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.BindingService;

/** {@code /api/v1/bindings}: AXB/AXN bindings made, read, changed and ended. */
final class BindingsResource implements Resource {
    private final BindingService bindings;

    BindingsResource(BindingService bindings) {
        this.bindings = bindings;
    }

    @Override
    public Reply handle(String method, String subPath, ApiRequest request) throws IOException {
        if (subPath.isEmpty()) {
            switch (method) {
                case "POST" -> {
                    Binding binding = bindings.bind(BindingJson.request(request.jsonBody(), request.region()));
                    return Reply.created(BindingJson.of(binding, Instant.now()), request.uri() + "/" + binding.id());
                }
                case "GET" -> {
                    return byOrder(request.parameter("orderId"));
                }
                default -> throw ApiException.methodNotAllowed(method, "GET, POST");
            }
        }
        String id = subPath.substring(1);
        switch (method) {
            case "GET" -> {
                Binding binding = bindings.find(id).orElseThrow(() -> ApiException.notFound("no binding " + id));
                return Reply.ok(BindingJson.of(binding, Instant.now()));
            }
            case "PATCH" -> {
                JsonObject body = request.jsonBody();
                BindingJson.Changes changes = BindingJson.changes(body, request.region());
                Binding updated = bindings.update(id, changes.b(), changes.ttlSeconds(), changes.direction());
                return Reply.ok(BindingJson.of(updated, Instant.now()));
            }
            case "DELETE" -> {
                if (!bindings.delete(id)) {
                    throw ApiException.notFound("no active binding " + id);
                }
                return Reply.noContent();
            }
            default -> throw ApiException.methodNotAllowed(method, "GET, PATCH, DELETE");
        }
    }

    private Reply byOrder(String orderId) {
        if (orderId == null || orderId.isEmpty()) {
            throw ApiException.invalidRequest("give the orderId query parameter");
        }
        Instant now = Instant.now();
        JsonArray items = new JsonArray();
        bindings.findByOrder(orderId).forEach(binding -> items.add(BindingJson.of(binding, now)));
        JsonObject list = new JsonObject();
        list.add("items", items);
        return Reply.ok(list);
    }
}
