package io.huibo.adapters.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.huibo.api.adapter.Adapter;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.adapter.AdapterRequest;
import io.huibo.api.adapter.AdapterResponse;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.NonceLedger;
import io.huibo.api.adapter.RequestSignatures;

/**
 * {@code /adapters/{vendor}/{path}} on the HTTP whiteboard: the request goes to the endpoint of
 * the vendor's adapter registered now with that method and path, once the endpoint's vendor
 * authentication lets it in and, if its scheme has nonces, the request's nonce is new. Nothing is
 * read from or written to the database before the signature verified, so forged requests cost
 * nothing but the HMAC. A vendor whose adapter is not there answers 404, as an unknown path does.
 */
@Component(service = Servlet.class,
        property = {"osgi.http.whiteboard.servlet.pattern=/adapters/*", "osgi.http.whiteboard.servlet.name=huibo-adapters"})
public class AdapterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdapterServlet.class);
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final transient AdapterHost host;
    private final transient NonceLedger nonces;

    @Activate
    public AdapterServlet(@Reference AdapterHost host, @Reference NonceLedger nonces) {
        this.host = host;
        this.nonces = nonces;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        String vendor = slash < 0 ? path.substring(Math.min(1, path.length())) : path.substring(1, slash);
        String endpointPath = slash < 0 ? "" : path.substring(slash + 1);
        Optional<Adapter> adapter = host.adapter(vendor);
        if (adapter.isEmpty()) {
            send(response, error(404, "NOT_FOUND", "no adapter " + vendor + " is installed"));
            return;
        }
        Optional<Endpoint> endpoint = adapter.get().endpoints().stream()
                .filter(e -> e.path().equals(endpointPath) && e.method().equalsIgnoreCase(request.getMethod())).findFirst();
        if (endpoint.isEmpty()) {
            send(response, error(404, "NOT_FOUND", "adapter " + vendor + " has no " + request.getMethod() + " " + endpointPath));
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            send(response, error(413, "PAYLOAD_TOO_LARGE", "the body is larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        String query = request.getQueryString();
        AdapterRequest adapterRequest = new AdapterRequest(request.getMethod(), endpointPath, query(request),
                headers(request), body, request.getRequestURI() + (query == null ? "" : "?" + query));
        if (!endpoint.get().auth().accepts(adapterRequest)) {
            send(response, error(401, "UNAUTHORIZED", "the request does not carry " + vendor + "'s credentials"));
            return;
        }
        if (!firstUse(vendor, endpoint.get().auth().nonce(adapterRequest))) {
            send(response, error(401, "UNAUTHORIZED", "this nonce was used before: a request is accepted once"));
            return;
        }
        try {
            send(response, endpoint.get().handler().handle(adapterRequest));
        } catch (AdapterException e) {
            send(response, error(e.status(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Adapter {} failed on {} {}", vendor, request.getMethod(), endpointPath, e);
            send(response, error(500, "INTERNAL", "the adapter failed to answer this request"));
        }
    }

    /** Records a verified request's nonce, kept for twice the skew a timestamp may have. */
    private boolean firstUse(String vendor, Optional<String> nonce) {
        if (nonce.isEmpty()) {
            return true;
        }
        Instant now = Instant.now();
        return nonces.firstUse(vendor, nonce.get(), now, now.minusSeconds(2 * RequestSignatures.MAX_SKEW_SECONDS));
    }

    private static Map<String, List<String>> query(HttpServletRequest request) {
        Map<String, List<String>> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, List.of(values)));
        return query;
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return headers;
    }

    static AdapterResponse error(int status, String code, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return AdapterResponse.json(status, body.toString());
    }

    private static void send(HttpServletResponse response, AdapterResponse answer) throws IOException {
        response.setStatus(answer.status());
        if (answer.body() == null) {
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType((answer.contentType() == null ? "text/plain" : answer.contentType()) + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}
