package io.huibo.rest.internal;


import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.huibo.api.NumberPool;
import io.huibo.api.PoolNumber;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/**
 * {@code /api/v1/numbers}: the pool of virtual numbers. They are the tenant's own, not a
 * person's, so they are shown whole. A tenant's key lists and releases its own; only an operator
 * key adds one, to its own pool or to the pool of the tenant it names ({@code "tenant"} in the
 * body, {@code ?tenant=} on GET and DELETE): a tenant must not choose the caller ID it shows.
 */
final class NumbersResource implements Resource {
    private static final String TENANT = "tenant";

    private final NumberPool pool;
    private final TenantService tenants;

    NumbersResource(NumberPool pool, TenantService tenants) {
        this.pool = pool;
        this.tenants = tenants;
    }

    @Override
    public Right right() {
        return Right.NUMBERS;
    }

    @Override
    public Right right(String method) {
        return method.equals("POST") ? Right.OPERATOR : Right.NUMBERS;
    }

    @Override
    public Reply handle(String method, String subPath, ApiRequest request) {
        if (subPath.isEmpty()) {
            switch (method) {
                case "POST" -> {
                    JsonObject body = request.jsonBody();
                    String tenant = poolOwner(request, JsonFields.string(body, TENANT));
                    PoolNumber added = pool.add(tenant, JsonFields.number(body, "number", request.region(), true),
                            JsonFields.string(body, "city"), JsonFields.string(body, "storeId"));
                    String query = tenant.equals(request.tenantId()) ? "" : "?" + TENANT + "=" + tenant;
                    return Reply.created(of(added), request.uri() + "/" + added.number().e164() + query);
                }
                case "GET" -> {
                    JsonArray items = new JsonArray();
                    pool.list(poolOwner(request, request.parameter(TENANT))).forEach(number -> items.add(of(number)));
                    JsonObject list = new JsonObject();
                    list.add("items", items);
                    return Reply.ok(list);
                }
                default -> throw ApiException.methodNotAllowed(method, "GET, POST");
            }
        }
        ApiException.requireMethod(method, "DELETE");
        pool.remove(poolOwner(request, request.parameter(TENANT)),
                JsonFields.number("number", subPath.substring(1), request.region()));
        return Reply.noContent();
    }

    /**
     * The tenant whose pool the request acts on: the caller's own, or for an operator key the
     * active tenant it names. Naming another is refused for any other key, whether or not it exists.
     */
    private String poolOwner(ApiRequest request, String named) {
        if (named == null || named.equals(request.tenantId())) {
            return request.tenantId();
        }
        if (!request.caller().key().may(Right.OPERATOR)) {
            throw new ApiException(403, "FORBIDDEN", "only the install's operator acts on another tenant's pool");
        }
        return tenants.tenant(named).filter(Tenant::isActive).map(Tenant::id)
                .orElseThrow(() -> ApiException.invalidRequest(TENANT + " " + named + " is not an active tenant"));
    }

    private static JsonObject of(PoolNumber number) {
        JsonObject json = new JsonObject();
        json.addProperty("number", number.number().e164());
        json.addProperty("tenant", number.tenantId());
        json.addProperty("city", number.city());
        json.addProperty("storeId", number.storeId());
        json.addProperty("addedAt", CallJson.time(number.addedAt()));
        return json;
    }
}
