package io.huibo.rest.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

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
import com.google.gson.JsonObject;

import io.huibo.api.BindingException;
import io.huibo.api.BindingService;
import io.huibo.api.ButtonTokens;
import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackService;
import io.huibo.api.NumberPool;

/**
 * {@code /api/v1/*} on the HTTP whiteboard: callbacks placed and read back as JSON, the number
 * pool, bindings and call button tokens through a {@link Resource} each, every failure answered with the contract's
 * error body. Request authentication (signed API keys) will sit in
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
    /** The areas served by a resource of their own, by root path. */
    private final transient Map<String, Resource> resources;
    private final transient Gson gson = new GsonBuilder().serializeNulls().create();

    @Activate
    public ApiServlet(@Reference CallbackService callbacks, @Reference CallStore calls, @Reference NumberPool pool,
            @Reference BindingService bindings, @Reference ButtonTokens buttonTokens, RestConfig config) {
        this.callbacks = callbacks;
        this.calls = calls;
        this.config = config;
        this.resources = Map.of("/numbers", new NumbersResource(pool), "/bindings", new BindingsResource(bindings),
                "/button-tokens", new ButtonTokensResource(buttonTokens));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            route(request.getMethod(), path, request, response);
        } catch (ApiException e) {
            error(response, e.status, e.code, e.getMessage());
        } catch (BindingException e) {
            error(response, status(e.reason()), e.reason().name(), e.getMessage());
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
            ApiException.requireMethod(method, "POST");
            placeCallback(request, response);
        } else if (path.startsWith(CALLBACKS + "/") && path.indexOf('/', CALLBACKS.length() + 1) < 0) {
            String id = path.substring(CALLBACKS.length() + 1);
            Call call = calls.find(id).orElseThrow(() -> ApiException.notFound("no callback " + id));
            switch (method) {
                case "GET" -> send(response, 200, CallJson.of(call));
                case "DELETE" -> hangUp(call, response);
                default -> throw ApiException.methodNotAllowed(method, "GET, DELETE");
            }
        } else {
            answer(response, resource(path).handle(method, path.substring(area(path).length()),
                    new ApiRequest(request, config)));
        }
    }

    /** The area's resource for a path in {@code /numbers} or {@code /bindings}, one level below at most. */
    private Resource resource(String path) {
        String area = area(path);
        String rest = path.substring(area.length());
        Resource resource = resources.get(area);
        if (resource == null || !(rest.isEmpty() || (rest.length() > 1 && rest.indexOf('/', 1) < 0))) {
            throw ApiException.notFound("no such resource: " + path);
        }
        return resource;
    }

    private static String area(String path) {
        int end = path.indexOf('/', 1);
        return end < 0 ? path : path.substring(0, end);
    }

    private void answer(HttpServletResponse response, Reply reply) throws IOException {
        if (reply.location() != null) {
            response.setHeader("Location", reply.location());
        }
        if (reply.body() == null) {
            response.setStatus(reply.status());
        } else {
            send(response, reply.status(), reply.body());
        }
    }

    private void placeCallback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject body = new ApiRequest(request, config).jsonBody();
        Call call = callbacks.place(CallbackRequestJson.parse(body, config.defaultRegion()));
        response.setHeader("Location", request.getRequestURI() + "/" + call.id());
        send(response, 201, CallJson.of(call));
    }

    /** Hangs up or cancels the call; one that has already ended cannot be, and says so. */
    private void hangUp(Call call, HttpServletResponse response) throws IOException {
        if (!callbacks.hangUp(call.id())) {
            throw new ApiException(409, "CALL_ENDED", "callback " + call.id() + " has already ended");
        }
        send(response, 202, CallJson.of(calls.find(call.id()).orElse(call)));
    }

    /** The HTTP status of a refused binding or pool request: the state of the pool conflicts, else bad input. */
    private static int status(BindingException.Reason reason) {
        return switch (reason) {
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case NO_AVAILABLE_NUMBER, BIND_CONFLICT, NUMBER_IN_USE -> 409;
        };
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
