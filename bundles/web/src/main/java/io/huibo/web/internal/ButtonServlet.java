package io.huibo.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.huibo.api.AdmissionControl;
import io.huibo.api.BindingService;
import io.huibo.api.ButtonTokenException;
import io.huibo.api.ButtonTokens;
import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackService;
import io.huibo.api.Overload;
import io.huibo.api.json.InvalidJsonException;
import io.huibo.api.json.StrictJson;

/**
 * The button on the ERP page talks to this: {@code GET /huibo/button.js} is the button itself,
 * {@code POST /huibo/button/calls} spends a token on its callback, and
 * {@code GET /huibo/button/events?ticket=…} streams that call's progress (Server-Sent Events).
 * The token is the only credential, no cookie, so any ERP origin may call these (CORS {@code *}).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/huibo/button.js",
        "osgi.http.whiteboard.servlet.pattern=/huibo/button/*",
        "osgi.http.whiteboard.servlet.name=huibo-button",
        "osgi.http.whiteboard.servlet.asyncSupported:Boolean=true"})
public class ButtonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ButtonServlet.class);
    private static final int MAX_BODY_BYTES = 4096;
    /** A page's stream is ended after this and the page reconnects: no response is held open for ever. */
    private static final long STREAM_TIMEOUT_MILLIS = 10 * 60 * 1000L;
    private static final String RETRY_AFTER_SECONDS = "5";

    private final transient ButtonTokens tokens;
    private final transient CallbackService callbacks;
    private final transient AdmissionControl admission;
    private final transient BindingService bindings;
    private final transient CallStore calls;
    private final transient CallProgress progress;
    private final transient ProgressTickets tickets;
    private final byte[] script;

    @Activate
    public ButtonServlet(@Reference ButtonTokens tokens, @Reference CallbackService callbacks,
            @Reference BindingService bindings, @Reference CallStore calls, @Reference CallProgress progress,
            @Reference ButtonKeys keys, @Reference AdmissionControl admission) {
        this.tokens = tokens;
        this.admission = admission;
        this.callbacks = callbacks;
        this.bindings = bindings;
        this.calls = calls;
        this.progress = progress;
        this.tickets = new ProgressTickets(keys);
        this.script = resource("button.js");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Access-Control-Allow-Origin", "*");
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String method = request.getMethod();
        try {
            switch (path) {
                case "/huibo/button.js" -> {
                    requireMethod(method, "GET");
                    sendScript(response);
                }
                case "/huibo/button/calls" -> {
                    if (method.equals("OPTIONS")) {
                        allowJsonPost(response);
                    } else {
                        requireMethod(method, "POST");
                        place(request, response);
                    }
                }
                case "/huibo/button/events" -> {
                    requireMethod(method, "GET");
                    follow(request, response);
                }
                default -> throw new ButtonRequestException(404, "NOT_FOUND", "no such button resource: " + path);
            }
        } catch (ButtonRequestException e) {
            error(response, e.status, e.code, e.getMessage());
        } catch (ButtonTokenException e) {
            error(response, status(e.reason()), e.reason().name(), e.getMessage());
        } catch (CallbackRejectedException e) {
            if (e.reason() == CallbackRejectedException.Reason.OVERLOADED) {
                response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            int status = switch (e.reason()) {
                case OVERLOADED -> 503;
                case POLICY_BLOCKED -> 403;
                default -> 400;
            };
            error(response, status, e.reason().name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            error(response, 500, "INTERNAL", "the server failed to answer this request");
        }
    }

    private void sendScript(HttpServletResponse response) throws IOException {
        response.setContentType("text/javascript");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setContentLength(script.length);
        response.getOutputStream().write(script);
    }

    private static void allowJsonPost(HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Methods", "POST");
        response.setHeader("Access-Control-Allow-Headers", "Content-Type");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(204);
    }

    /** Spends the token on its callback; answers the call's id and where to follow its progress. */
    private void place(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Overload> overload = admission.overload(); // before the token is read and looked up
        if (overload.isPresent()) {
            throw new CallbackRejectedException(CallbackRejectedException.Reason.OVERLOADED, overload.get().reason());
        }
        String token = token(request);
        Call call = tokens.redeem(token, grant -> callbacks.place(GrantCallbacks.request(grant, bindings, Instant.now())));
        LOG.info("Call {}: placed by a call button", call.id());
        JsonObject body = new JsonObject();
        body.addProperty("callId", call.id());
        body.addProperty("state", call.state().wireName());
        body.addProperty("events", request.getContextPath() + "/huibo/button/events?ticket="
                + URLEncoder.encode(tickets.issue(call.id()), StandardCharsets.UTF_8));
        send(response, 201, body);
    }

    private static String token(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ButtonRequestException(415, "INVALID_REQUEST", "the body must be application/json");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ButtonRequestException(413, "PAYLOAD_TOO_LARGE", "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonElement token;
        try {
            token = StrictJson.parseObject(bytes).get("token");
        } catch (InvalidJsonException e) {
            throw new ButtonRequestException(400, "INVALID_REQUEST", e.getMessage());
        }
        if (token != null && token.isJsonPrimitive() && token.getAsJsonPrimitive().isString()) {
            return token.getAsString();
        }
        throw new ButtonRequestException(400, "INVALID_REQUEST", "give the button's token: {\"token\": \"…\"}");
    }

    /** Streams the ticket's call: where it stands now, then each step forward, until it ends. */
    private void follow(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String callId = tickets.callId(request.getParameter("ticket")).orElseThrow(
                () -> new ButtonRequestException(401, "INVALID_TICKET", "this is not a progress ticket of this server"));
        Call call = calls.find(callId).orElseThrow(
                () -> new ButtonRequestException(404, "NOT_FOUND", "no call " + callId));
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        ServletOutputStream out = response.getOutputStream();
        // how soon the page reconnects when the stream breaks, as idle connections are closed
        out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();

        AsyncContext async = request.startAsync();
        async.setTimeout(STREAM_TIMEOUT_MILLIS);
        ProgressStream stream = new ProgressStream(async, out);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stream.completed();
                progress.unwatch(callId, stream);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        // watch first, then look: an event between the two is then not lost, and shown once
        progress.watch(callId, stream);
        Call now = calls.find(callId).orElse(call);
        stream.show(now.state(), now.outcome() == null ? null : now.outcome().wireName());
    }

    private static int status(ButtonTokenException.Reason reason) {
        return switch (reason) {
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case INVALID_TOKEN, TOKEN_EXPIRED -> 401;
            case TOKEN_USED -> 409;
        };
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ButtonRequestException(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + allowed);
        }
    }

    private static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonObject body = new JsonObject();
        body.add("error", error);
        send(response, status, body);
    }

    private static void send(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try (Writer out = response.getWriter()) {
            out.write(body.toString());
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ButtonServlet.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
