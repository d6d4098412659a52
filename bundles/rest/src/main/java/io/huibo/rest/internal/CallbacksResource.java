package io.huibo.rest.internal;

import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.CallbackService;
import io.huibo.api.Right;

/** {@code /api/v1/callbacks}: callbacks placed, read back, and hung up. */
final class CallbacksResource implements Resource {
    private final CallbackService callbacks;
    private final CallStore calls;
    private final WebhookUrl webhookUrl;

    CallbacksResource(CallbackService callbacks, CallStore calls, WebhookUrl webhookUrl) {
        this.callbacks = callbacks;
        this.calls = calls;
        this.webhookUrl = webhookUrl;
    }

    @Override
    public Right right() {
        return Right.CALLS;
    }

    @Override
    public Reply handle(String method, String subPath, ApiRequest request) {
        if (subPath.isEmpty()) {
            ApiException.requireMethod(method, "POST");
            Call call = callbacks.place(
                    CallbackRequestJson.parse(request.jsonBody(), request.tenantId(), request.region(), webhookUrl));
            return Reply.created(CallJson.of(call, request.caller()), request.uri() + "/" + call.id());
        }
        String id = subPath.substring(1);
        switch (method) {
            case "GET" -> {
                return Reply.ok(CallJson.of(owned(id, request), request.caller()));
            }
            case "DELETE" -> {
                Call call = owned(id, request);
                if (!callbacks.hangUp(call.id())) {
                    throw new ApiException(409, "CALL_ENDED", "callback " + call.id() + " has already ended");
                }
                return new Reply(202, CallJson.of(calls.find(call.id()).orElse(call), request.caller()), null);
            }
            default -> throw ApiException.methodNotAllowed(method, "GET, DELETE");
        }
    }

    /** The call, if the caller's tenant owns it; another tenant's answers 404 like a missing one. */
    private Call owned(String id, ApiRequest request) {
        return calls.find(id).filter(call -> call.tenantId().equals(request.tenantId()))
                .orElseThrow(() -> ApiException.notFound("no callback " + id));
    }
}
