package io.huibo.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackService;

/**
 * {@code /api/v1/*} on the HTTP whiteboard: callbacks placed and read back as JSON, every failure
 * answered with the contract's error body. Request authentication (signed API keys) will sit in
 * {@link #service} ahead of routing, so every route is behind it.
 */
@Component(service = Servlet.class, configurationPid = "io.huibo.rest",
        property = {"osgi.http.whiteboard.servlet.pattern=/api/v1/*", "osgi.http.whiteboard.servlet.name=huibo-api-v1"})
@Designate(ocd = RestConfig.class)
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final String CALLBACKS = "/callbacks";
    private static final String RETRY_AFTER_SECONDS = "5";

    private final transient CallbackService callbacks;
    private final transient CallStore calls;
    private final transient RestConfig config;
    private final transient Gson gson = new GsonBuilder().serializeNulls().create();

    @Activate
    public ApiServlet(@Reference CallbackService callbacks, @Reference CallStore calls, RestConfig config) {
        this.callbacks = callbacks;
        this.calls = calls;
        this.config = config;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            route(request.getMethod(), path, request, response);
        } catch (ApiException e) {
            error(response, e.status, e.code, e.getMessage());
        } catch (CallbackRejectedException e) {
            boolean overloaded = e.reason() == CallbackRejectedException.Reason.OVERLOADED;
            if (overloaded) {
                response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            int status = switch (e.reason()) {
                case OVERLOADED -> 503;
                case POLICY_BLOCKED -> 403;
                default -> 400;
            };
            error(response, status, e.reason().name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            error(response, 500, "INTERNAL", "the server failed to answer this request");
        }
    }

    private void route(String method, String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (path.equals(CALLBACKS)) {
            requireMethod(method, "POST");
            placeCallback(request, response);
        } else if (path.startsWith(CALLBACKS + "/") && path.indexOf('/', CALLBACKS.length() + 1) < 0) {
            String id = path.substring(CALLBACKS.length() + 1);
            Call call = calls.find(id).orElseThrow(() -> ApiException.notFound("no callback " + id));
            switch (method) {
                case "GET" -> send(response, 200, CallJson.of(call));
                case "DELETE" -> hangUp(call, response);
                default -> throw methodNotAllowed(method, "GET, DELETE");
            }
        } else {
            throw ApiException.notFound("no such resource: " + path);
        }
    }

    private void placeCallback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject body = readJsonObject(request);
        Call call = callbacks.place(CallbackRequestJson.parse(body, config.defaultRegion()));
        response.setHeader("Location", request.getRequestURI() + "/" + call.id());
        send(response, 201, CallJson.of(call));
    }

    private JsonObject readJsonObject(HttpServletRequest request) throws IOException {
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

    /** Hangs up or cancels the call; one that has already ended cannot be, and says so. */
    private void hangUp(Call call, HttpServletResponse response) throws IOException {
        if (!callbacks.hangUp(call.id())) {
            throw new ApiException(409, "CALL_ENDED", "callback " + call.id() + " has already ended");
        }
        send(response, 202, CallJson.of(calls.find(call.id()).orElse(call)));
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed(method, allowed);
        }
    }

    private static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + allowed);
    }

    private void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonObject body = new JsonObject();
        body.add("error", error);
        send(response, status, body);
    }

    private void send(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try (Writer out = response.getWriter()) {
            gson.toJson(body, out);
        }
    }
}
