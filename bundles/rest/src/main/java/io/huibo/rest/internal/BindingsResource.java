package io.huibo.rest.internal;

import java.time.Instant;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.BindingService;
import io.huibo.api.Right;

/** {@code /api/v1/bindings}: AXB/AXN bindings made, read, changed and ended. */
final class BindingsResource implements Resource {
    private final BindingService bindings;

    BindingsResource(BindingService bindings) {
        this.bindings = bindings;
    }

    @Override
    public Right right() {
        return Right.BINDINGS;
    }

    @Override
    public Reply handle(String method, String subPath, ApiRequest request) {
        if (subPath.isEmpty()) {
            switch (method) {
                case "POST" -> {
                    Binding binding = bindings.bind(BindingJson.request(request.jsonBody(), request.tenantId(), request.region()));
                    return Reply.created(BindingJson.of(binding, Instant.now(), request.caller()), request.uri() + "/" + binding.id());
                }
                case "GET" -> {
                    return byOrder(request);
                }
                default -> throw ApiException.methodNotAllowed(method, "GET, POST");
            }
        }
        String id = subPath.substring(1);
        switch (method) {
            case "GET" -> {
                return Reply.ok(BindingJson.of(owned(id, request), Instant.now(), request.caller()));
            }
            case "PATCH" -> {
                owned(id, request);
                JsonObject body = request.jsonBody();
                BindingJson.Changes changes = BindingJson.changes(body, request.region());
                Binding updated = bindings.update(id, changes.b(), changes.ttlSeconds(), changes.direction());
                return Reply.ok(BindingJson.of(updated, Instant.now(), request.caller()));
            }
            case "DELETE" -> {
                owned(id, request);
                if (!bindings.delete(id)) {
                    throw ApiException.notFound("no active binding " + id);
                }
                return Reply.noContent();
            }
            default -> throw ApiException.methodNotAllowed(method, "GET, PATCH, DELETE");
        }
    }

    /** The binding, if the caller's tenant owns it; another tenant's answers 404 like a missing one. */
    private Binding owned(String id, ApiRequest request) {
        return bindings.find(id).filter(binding -> binding.tenantId().equals(request.tenantId()))
                .orElseThrow(() -> ApiException.notFound("no binding " + id));
    }

    private Reply byOrder(ApiRequest request) {
        String orderId = request.parameter("orderId");
        if (orderId == null || orderId.isEmpty()) {
            throw ApiException.invalidRequest("give the orderId query parameter");
        }
        Instant now = Instant.now();
        JsonArray items = new JsonArray();
        bindings.findByOrder(request.tenantId(), orderId)
                .forEach(binding -> items.add(BindingJson.of(binding, now, request.caller())));
        JsonObject list = new JsonObject();
        list.add("items", items);
        return Reply.ok(list);
    }
}
