package io.huibo.rest.internal;

import static io.huibo.rest.internal.JsonFields.integer;
import static io.huibo.rest.internal.JsonFields.number;
import static io.huibo.rest.internal.JsonFields.string;

import com.google.gson.JsonObject;

import io.huibo.api.CallbackRequest;

/** Reads the body of {@code POST /api/v1/callbacks}, refusing anything the contract does not allow. */
final class CallbackRequestJson {
    private static final int MAX_USER_DATA = 1024;

    private CallbackRequestJson() {
    }

    static CallbackRequest parse(JsonObject body, String tenantId, String region, WebhookUrl webhookUrl) {
        CallbackRequest.Builder request = CallbackRequest.builder(number(body, "from", region, true),
                number(body, "to", region, true));
        request.display(number(body, "display", region, false));
        request.ringTimeoutSeconds(integer(body, "ringTimeoutSeconds"));
        request.maxDurationSeconds(integer(body, "maxDurationSeconds"));
        String userData = string(body, "userData");
        if (userData != null && userData.length() > MAX_USER_DATA) {
            throw ApiException.invalidRequest("userData is longer than " + MAX_USER_DATA + " characters");
        }
        request.userData(userData);
        request.tenantId(tenantId);
        request.statusCallbackUrl(webhookUrl.check("statusCallbackUrl", string(body, "statusCallbackUrl")));
        return request.build();
    }
}
