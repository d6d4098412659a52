package io.huibo.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** A request as the resources read it: its JSON body within the configured size, its query. */
final class ApiRequest {
    private final HttpServletRequest request;
    private final RestConfig config;

    ApiRequest(HttpServletRequest request, RestConfig config) {
        this.request = request;
        this.config = config;
    }

    /** The region national format numbers are read in. */
    String region() {
        return config.defaultRegion();
    }

    /** The request's path, for the Location of what a POST creates. */
    String uri() {
        return request.getRequestURI();
    }

    /** A query parameter, or null. */
    String parameter(String name) {
        return request.getParameter(name);
    }

    /** The body, which must be a JSON object of at most {@code maxBodyBytes}. */
    JsonObject jsonBody() throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "INVALID_REQUEST", "the body must be application/json");
        }
        if (request.getContentLengthLong() > config.maxBodyBytes()) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(config.maxBodyBytes() + 1);
        }
        if (bytes.length > config.maxBodyBytes()) {
            throw tooLarge();
        }
        try {
            JsonElement json = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!json.isJsonObject()) {
                throw ApiException.invalidRequest("the body must be a JSON object");
            }
            return json.getAsJsonObject();
        } catch (JsonParseException e) {
            throw ApiException.invalidRequest("the body is not well-formed JSON");
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "the body is larger than " + config.maxBodyBytes() + " bytes");
    }
}
