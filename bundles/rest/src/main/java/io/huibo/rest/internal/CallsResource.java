package io.huibo.rest.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.huibo.api.CallPage;
import io.huibo.api.CallStore;
import io.huibo.api.Right;

/** {@code GET /api/v1/calls}: the tenant's call records, callbacks and relayed calls, newest first, in pages. */
final class CallsResource implements Resource {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final CallStore calls;

    CallsResource(CallStore calls) {
        this.calls = calls;
    }

    @Override
    public Right right() {
        return Right.CALLS;
    }

    @Override
    public Reply handle(String method, String subPath, ApiRequest request) {
        if (!subPath.isEmpty()) {
            throw ApiException.notFound("call records are read as a list; one callback is at /callbacks/{id}");
        }
        ApiException.requireMethod(method, "GET");
        CallPage page;
        try {
            page = calls.list(request.tenantId(), time(request, "since"), time(request, "until"), limit(request),
                    request.parameter("cursor"));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("cursor is not one this API gave");
        }
        JsonArray items = new JsonArray();
        page.items().forEach(call -> items.add(CallJson.of(call, request.caller())));
        JsonObject list = new JsonObject();
        list.add("items", items);
        list.addProperty("next", page.next());
        return Reply.ok(list);
    }

    private static Instant time(ApiRequest request, String name) {
        String text = request.parameter(name);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest(name + " must be an ISO-8601 UTC time, e.g. 2026-11-23T10:00:00Z");
        }
    }

    private static int limit(ApiRequest request) {
        String text = request.parameter("limit");
        try {
            int limit = text == null ? DEFAULT_LIMIT : Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalidRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
