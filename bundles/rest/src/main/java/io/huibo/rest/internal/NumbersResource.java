package io.huibo.rest.internal;


import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.huibo.api.NumberPool;
import io.huibo.api.PoolNumber;
import io.huibo.api.Right;

/**
 * {@code /api/v1/numbers}: the pool of virtual numbers. They are the tenant's own, not a
 * person's, so they are shown whole.
 */
final class NumbersResource implements Resource {
    private final NumberPool pool;

    NumbersResource(NumberPool pool) {
        this.pool = pool;
    }

    @Override
    public Right right() {
        return Right.NUMBERS;
    }

    @Override
    public Reply handle(String method, String subPath, ApiRequest request) {
        if (subPath.isEmpty()) {
            switch (method) {
                case "POST" -> {
                    JsonObject body = request.jsonBody();
                    PoolNumber added = pool.add(request.tenantId(), JsonFields.number(body, "number", request.region(), true),
                            JsonFields.string(body, "city"), JsonFields.string(body, "storeId"));
                    return Reply.created(of(added), request.uri() + "/" + added.number().e164());
                }
                case "GET" -> {
                    JsonArray items = new JsonArray();
                    pool.list(request.tenantId()).forEach(number -> items.add(of(number)));
                    JsonObject list = new JsonObject();
                    list.add("items", items);
                    return Reply.ok(list);
                }
                default -> throw ApiException.methodNotAllowed(method, "GET, POST");
            }
        }
        ApiException.requireMethod(method, "DELETE");
        pool.remove(request.tenantId(), JsonFields.number("number", subPath.substring(1), request.region()));
        return Reply.noContent();
    }

    private static JsonObject of(PoolNumber number) {
        JsonObject json = new JsonObject();
        json.addProperty("number", number.number().e164());
        json.addProperty("city", number.city());
        json.addProperty("storeId", number.storeId());
        json.addProperty("addedAt", CallJson.time(number.addedAt()));
        return json;
    }
}
