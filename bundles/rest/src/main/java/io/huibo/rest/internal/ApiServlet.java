package io.huibo.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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

import io.huibo.api.AdmissionControl;
import io.huibo.api.ApiKey;
import io.huibo.api.BindingException;
import io.huibo.api.BindingService;
import io.huibo.api.ButtonTokens;
import io.huibo.api.CallStore;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackService;
import io.huibo.api.NumberPool;
import io.huibo.api.Overload;
import io.huibo.api.TenantService;
import io.huibo.api.WebhookUrlPolicy;
import io.huibo.api.spi.IdempotencyStore;
import io.huibo.api.spi.NonceStore;

/**
 * {@code /api/v1/*} on the HTTP whiteboard. Every request passes, in order: the throttle of
 * addresses that failed to authenticate; for a new callback, the engine's admission, so that a
 * saturated engine costs a refused client no body, no key lookup and no nonce written (an
 * unknown key gets 503 then, not 401: the answer says only that the engine is busy); the body
 * size limit; the signature check (which names the caller's key and tenant, and applies the
 * key's rate limit before spending its nonce); the right its area needs; and for a POST with an
 * {@code Idempotency-Key} the replay of a first answer; only then does the area's
 * {@link Resource} act. Every refusal is the contract's error body.
 */
@Component(service = Servlet.class, configurationPid = "io.huibo.rest",
        property = {"osgi.http.whiteboard.servlet.pattern=/api/v1/*", "osgi.http.whiteboard.servlet.name=huibo-api-v1"})
@Designate(ocd = RestConfig.class)
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final String OPENAPI = "/openapi.json";
    private static final String CALLBACKS = "/callbacks";
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final transient TenantService tenants;
    private final transient AdmissionControl admission;
    private final transient RestConfig config;
    private final transient Authenticator authenticator;
    private final transient IdempotencyStore idempotency;
    private final transient FailedAuthThrottle failedAuths;
    private final transient Clock clock = Clock.systemUTC();
    /** The areas of the API, by root path. */
    private final transient Map<String, Resource> resources;
    private final transient Gson gson = new GsonBuilder().serializeNulls().create();

    @Activate
    public ApiServlet(@Reference CallbackService callbacks, @Reference CallStore calls, @Reference NumberPool pool,
            @Reference BindingService bindings, @Reference ButtonTokens buttonTokens, @Reference TenantService tenants,
            @Reference NonceStore nonces, @Reference IdempotencyStore idempotency, @Reference WebhookUrlPolicy webhookUrls,
            @Reference AdmissionControl admission, RestConfig config) {
        this.tenants = tenants;
        this.admission = admission;
        this.config = config;
        this.authenticator = new Authenticator(tenants, nonces,
                new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst()), clock);
        this.idempotency = idempotency;
        this.failedAuths = new FailedAuthThrottle(config.authFailuresPerSecond(), config.authFailureBurst(),
                config.authFailureAddresses());
        this.resources = Map.of(CALLBACKS, new CallbacksResource(callbacks, calls, new WebhookUrl(webhookUrls)),
                "/calls", new CallsResource(calls),
                "/numbers", new NumbersResource(pool, tenants), "/bindings", new BindingsResource(bindings),
                "/button-tokens", new ButtonTokensResource(buttonTokens));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.equals(OPENAPI) && request.getMethod().equals("GET")) {
            serveOpenApi(response);
            return;
        }
        Reply reply;
        try {
            reply = answer(request, path);
        } catch (ApiException e) {
            reply = error(e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            reply = error(500, "INTERNAL", "the server failed to answer this request");
        }
        if (reply.retryAfter() != null) {
            response.setHeader("Retry-After", reply.retryAfter());
        }
        send(response, reply.status(), reply.location(), reply.body() == null ? null : gson.toJson(reply.body()));
    }

    /** Checks the request and has its area answer it, or replays the first answer to its idempotency key. */
    private Reply answer(HttpServletRequest request, String path) throws IOException {
        String source = request.getRemoteAddr();
        long throttled = failedAuths.secondsUntilAllowed(source, System.nanoTime());
        if (throttled > 0) {
            throw ApiException.rateLimited("too many requests from this address failed to authenticate; retry after "
                    + throttled + " s", throttled);
        }
        String method = request.getMethod();
        if (startsCall(method, path)) {
            Optional<Overload> overload = admission.overload();
            if (overload.isPresent()) {
                throw ApiException.overloaded(overload.get().reason(), overload.get().retryAfterSeconds());
            }
        }
        byte[] body = readBody(request);
        String query = request.getQueryString();
        ApiKey key;
        try {
            key = authenticator.authenticate(method, request.getRequestURI() + (query == null ? "" : "?" + query),
                    new Authenticator.Headers(request.getHeader("X-Huibo-Key"), request.getHeader("X-Huibo-Timestamp"),
                            request.getHeader("X-Huibo-Nonce"), request.getHeader("X-Huibo-Signature")),
                    body);
        } catch (ApiException e) {
            if (e.status == 401) {
                failedAuths.failed(source, System.nanoTime());
            }
            throw e;
        }
        Caller caller = new Caller(key, tenants.tenant(key.tenantId()).orElseThrow(
                () -> new ApiException(401, "UNAUTHORIZED", "the key's tenant is gone")));
        String area = area(path);
        Resource resource = resource(path, area);
        if (!key.may(resource.right(method))) {
            throw new ApiException(403, "FORBIDDEN", "this API key lacks the " + resource.right(method).wireName() + " right");
        }
        ApiRequest apiRequest = new ApiRequest(request, caller, body);
        String idempotencyKey = request.getHeader("Idempotency-Key");
        if (idempotencyKey == null || !method.equals("POST")) {
            return handle(resource, method, path.substring(area.length()), apiRequest);
        }
        return idempotently(caller, idempotencyKey, method + " " + path + "\n" + Authenticator.sha256Hex(body),
                () -> handle(resource, method, path.substring(area.length()), apiRequest));
    }

    /**
     * Runs the request once per key: a repeat by the same API key gets the first answer; the key on
     * another request, or from another API key, a 409.
     */
    private Reply idempotently(Caller caller, String key, String request, Supplier<Reply> run) {
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw ApiException.invalidRequest("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        String apiKeyId = caller.key().id();
        String hash = Authenticator.sha256Hex(request.getBytes(StandardCharsets.UTF_8));
        IdempotencyStore.Claim claim = idempotency.claim(caller.tenantId(), apiKeyId, key, hash, clock.instant());
        if (claim instanceof IdempotencyStore.Replay replay) {
            return new Reply(replay.status(), gson.fromJson(replay.body(), JsonObject.class), replay.location());
        }
        if (claim instanceof IdempotencyStore.Refused refused) {
            throw new ApiException(409, "IDEMPOTENCY_MISMATCH", switch (refused.why()) {
                case IN_PROGRESS -> "the first request with this Idempotency-Key has not finished; retry shortly";
                case OTHER_REQUEST -> "this Idempotency-Key was used with another request in the last 24 h";
                case OTHER_API_KEY -> "this Idempotency-Key was used by another API key in the last 24 h";
            });
        }
        Reply reply;
        try {
            reply = run.get();
        } catch (RuntimeException e) {
            Reply refusal = refusal(e);
            if (refusal == null) {
                idempotency.release(caller.tenantId(), apiKeyId, key);
                throw e;
            }
            reply = refusal;
        }
        if (reply.status() >= 500) {
            idempotency.release(caller.tenantId(), apiKeyId, key);
        } else {
            idempotency.complete(caller.tenantId(), apiKeyId, key, reply.status(), reply.location(),
                    reply.body() == null ? "null" : gson.toJson(reply.body()));
        }
        return reply;
    }

    private Reply handle(Resource resource, String method, String subPath, ApiRequest request) {
        try {
            return resource.handle(method, subPath, request);
        } catch (RuntimeException e) {
            Reply refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            return refusal;
        }
    }

    /** The contract's answer to a service's refusal, or null for a failure of the server's own. */
    private Reply refusal(RuntimeException e) {
        if (e instanceof ApiException api) {
            return error(api);
        }
        if (e instanceof BindingException binding) {
            return error(status(binding.reason()), binding.reason().name(), binding.getMessage());
        }
        if (e instanceof CallbackRejectedException rejected) {
            return switch (rejected.reason()) {
                case OVERLOADED -> new Reply(503, errorBody("OVERLOADED", rejected.getMessage()), null)
                        .withRetryAfter(RETRY_AFTER_SECONDS);
                case POLICY_BLOCKED -> error(403, "POLICY_BLOCKED", rejected.getMessage());
                default -> error(400, rejected.reason().name(), rejected.getMessage());
            };
        }
        return null;
    }

    /** Whether the request would place a callback: the one the engine's admission is asked about. */
    private static boolean startsCall(String method, String path) {
        return method.equals("POST") && path.equals(CALLBACKS);
    }

    /** The area's resource for a path such as {@code /bindings} or {@code /bindings/b_1}, one level below at most. */
    private Resource resource(String path, String area) {
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

    /** The body, refused with 413 past {@code maxBodyBytes} before more of it is read. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
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
        return bytes;
    }

    private ApiException tooLarge() {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "the body is larger than " + config.maxBodyBytes() + " bytes");
    }

    /** The HTTP status of a refused binding or pool request: the state of the pool conflicts, else bad input. */
    private static int status(BindingException.Reason reason) {
        return switch (reason) {
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case NO_AVAILABLE_NUMBER, BIND_CONFLICT, NUMBER_IN_USE -> 409;
        };
    }

    private static Reply error(ApiException e) {
        Reply reply = error(e.status, e.code, e.getMessage());
        return e.retryAfter == null ? reply : reply.withRetryAfter(e.retryAfter);
    }

    private static Reply error(int status, String code, String message) {
        return new Reply(status, errorBody(code, message), null);
    }

    private static JsonObject errorBody(String code, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return body;
    }

    private void serveOpenApi(HttpServletResponse response) throws IOException {
        try (InputStream in = ApiServlet.class.getResourceAsStream("openapi.json")) {
            send(response, 200, null, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpServletResponse response, int status, String location, String json) throws IOException {
        response.setStatus(status);
        if (location != null) {
            response.setHeader("Location", location);
        }
        if (json == null || json.equals("null")) {
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}
