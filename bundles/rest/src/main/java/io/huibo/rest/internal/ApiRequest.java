package io.huibo.rest.internal;

import javax.servlet.http.HttpServletRequest;

import com.google.gson.JsonObject;

import io.huibo.api.json.InvalidJsonException;
import io.huibo.api.json.StrictJson;

/** A verified request as the resources read it: who sent it, its JSON body, its query. */
final class ApiRequest {
    private final HttpServletRequest request;
    private final Caller caller;
    private final byte[] body;

    ApiRequest(HttpServletRequest request, Caller caller, byte[] body) {
        this.request = request;
        this.caller = caller;
        this.body = body;
    }

    Caller caller() {
        return caller;
    }

    String tenantId() {
        return caller.tenantId();
    }

    /** The region the tenant's national-format numbers are read in. */
    String region() {
        return caller.tenant().region();
    }

    /** The request's path, for the Location of what a POST creates. */
    String uri() {
        return request.getRequestURI();
    }

    /** A query parameter, or null. */
    String parameter(String name) {
        return request.getParameter(name);
    }

    /** The body, which must be one strict JSON object (see {@link StrictJson}). */
    JsonObject jsonBody() {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "INVALID_REQUEST", "the body must be application/json");
        }
        try {
            return StrictJson.parseObject(body);
        } catch (InvalidJsonException e) {
            throw ApiException.invalidRequest(e.getMessage());
        }
    }
}
