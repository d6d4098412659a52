package io.huibo.rest.internal;

import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

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

    /** The body, which must be a JSON object. */
    JsonObject jsonBody() {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "INVALID_REQUEST", "the body must be application/json");
        }
        try {
            JsonElement json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (!json.isJsonObject()) {
                throw ApiException.invalidRequest("the body must be a JSON object");
            }
            return json.getAsJsonObject();
        } catch (JsonParseException e) {
            throw ApiException.invalidRequest("the body is not well-formed JSON");
        }
    }
}
