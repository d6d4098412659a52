package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * An ERP developer codes against the OpenAPI document the running API publishes: every
 * operation it lists is answered by a real route, and every route the API answers is in it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpenApiIT extends HuiboTestSupport {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Stands for every path parameter: no resource has this id, and it is no phone number. */
    private static final String PROBE = "probe_0penapi";
    /** Paths a route could plausibly have that the document does not list. */
    private static final List<String> UNDOCUMENTED_PATHS = List.of("/", "/foo", "/callbacks/x/y", "/calls/" + PROBE,
            "/numbers/" + PROBE + "/x", "/bindings/" + PROBE + "/legs", "/button-tokens/" + PROBE, "/tenants", "/keys",
            "/webhooks", "/health", "/openapi.yaml");
    private JsonObject document;

    @Before
    public void fetchTheDocumentUnsigned() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + System.getProperty("huibo.it.http.port") + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        document = JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    public void everyDocumentedOperationIsARoute() throws Exception {
        Set<String> operations = documentedOperations();
        assertTrue(operations.toString(), operations.containsAll(List.of("POST /callbacks", "GET /callbacks/{id}",
                "DELETE /callbacks/{id}", "GET /calls", "GET /numbers", "POST /numbers", "DELETE /numbers/{number}",
                "GET /bindings", "POST /bindings", "GET /bindings/{id}", "PATCH /bindings/{id}", "DELETE /bindings/{id}",
                "POST /button-tokens")));
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", PROBE);
            HttpResponse<String> response = probe(method, path);
            assertTrue(operation + " is documented but answered " + response.statusCode() + " " + response.body(), routed(response));
        }
    }

    @Test
    public void everyRouteIsDocumented() throws Exception {
        Set<String> paths = new LinkedHashSet<>(UNDOCUMENTED_PATHS);
        for (String template : document.getAsJsonObject("paths").keySet()) {
            paths.add(template.replaceAll("\\{[^}]+}", PROBE));
        }
        Set<String> documented = new LinkedHashSet<>();
        documentedOperations().forEach(operation -> documented.add(operation.replaceAll("\\{[^}]+}", PROBE)));
        for (String path : paths) {
            for (String method : METHODS) {
                if (documented.contains(method + " " + path)) {
                    continue;
                }
                HttpResponse<String> response = probe(method, path);
                assertFalse(method + " " + path + " is answered but not documented: " + response.statusCode() + " " + response.body(),
                        routed(response));
                assertTrue(method + " " + path + ": " + response.statusCode(),
                        response.statusCode() == 404 || response.statusCode() == 405);
            }
        }
        assertEquals(405, probe("PUT", "/callbacks").statusCode());
        assertEquals(404, probe("GET", "/foo").statusCode());
        assertEquals(404, probe("GET", "/callbacks/x/y").statusCode());
    }

    @Test
    public void theDocumentStatesTheSigningErrorsIdempotencyAndRetryAfter() {
        assertEquals("3.0.3", document.get("openapi").getAsString());
        JsonObject components = document.getAsJsonObject("components");
        JsonObject schemes = components.getAsJsonObject("securitySchemes");
        Set<String> headers = new LinkedHashSet<>();
        for (String scheme : schemes.keySet()) {
            JsonObject s = schemes.getAsJsonObject(scheme);
            assertEquals("apiKey", s.get("type").getAsString());
            assertEquals("header", s.get("in").getAsString());
            headers.add(s.get("name").getAsString());
        }
        assertEquals(Set.of("X-Huibo-Key", "X-Huibo-Timestamp", "X-Huibo-Nonce", "X-Huibo-Signature"), headers);
        assertEquals("every request needs all four", schemes.keySet(),
                document.getAsJsonArray("security").get(0).getAsJsonObject().keySet());
        String signing = schemes.getAsJsonObject("HuiboSignature").get("description").getAsString();
        assertTrue(signing, signing.contains("HMAC-SHA256") && signing.contains("SHA-256 of the body"));

        JsonArray codes = components.getAsJsonObject("schemas").getAsJsonObject("Error").getAsJsonObject("properties")
                .getAsJsonObject("error").getAsJsonObject("properties").getAsJsonObject("code").getAsJsonArray("enum");
        for (String code : List.of("UNAUTHORIZED", "NOT_FOUND", "INVALID_REQUEST", "INVALID_NUMBER", "BIND_CONFLICT",
                "NO_AVAILABLE_NUMBER", "IDEMPOTENCY_MISMATCH", "RATE_LIMITED", "POLICY_BLOCKED", "OVERLOADED", "PAYLOAD_TOO_LARGE")) {
            assertTrue(code, codes.contains(new JsonPrimitive(code)));
        }

        for (String operation : documentedOperations()) {
            JsonObject op = operation(operation);
            if (operation.startsWith("POST ")) {
                assertTrue(operation + " takes an Idempotency-Key", parameterNames(op).contains("Idempotency-Key"));
            }
            JsonObject responses = op.getAsJsonObject("responses");
            for (String status : List.of("429", "503")) {
                if (responses.has(status)) {
                    JsonObject response = resolve(responses.get(status)).getAsJsonObject();
                    assertTrue(operation + " " + status + " names Retry-After",
                            response.has("headers") && response.getAsJsonObject("headers").has("Retry-After"));
                }
            }
        }
        assertRefsResolve(document);
    }

    /** Every operation of the document, as {@code METHOD /path/{param}}. */
    private Set<String> documentedOperations() {
        Set<String> operations = new LinkedHashSet<>();
        JsonObject paths = document.getAsJsonObject("paths");
        for (String path : paths.keySet()) {
            for (String key : paths.getAsJsonObject(path).keySet()) {
                String method = key.toUpperCase();
                if (METHODS.contains(method)) {
                    operations.add(method + " " + path);
                }
            }
        }
        return operations;
    }

    private JsonObject operation(String operation) {
        String[] parts = operation.split(" ", 2);
        return document.getAsJsonObject("paths").getAsJsonObject(parts[1]).getAsJsonObject(parts[0].toLowerCase());
    }

    private List<String> parameterNames(JsonObject operation) {
        List<String> names = new ArrayList<>();
        if (operation.has("parameters")) {
            operation.getAsJsonArray("parameters").forEach(p -> names.add(resolve(p).getAsJsonObject().get("name").getAsString()));
        }
        return names;
    }

    /** The element itself, or what its {@code $ref} points to in this document. */
    private JsonElement resolve(JsonElement element) {
        if (!element.isJsonObject() || !element.getAsJsonObject().has("$ref")) {
            return element;
        }
        String ref = element.getAsJsonObject().get("$ref").getAsString();
        assertTrue(ref, ref.startsWith("#/"));
        JsonElement target = document;
        for (String name : ref.substring(2).split("/")) {
            target = target.isJsonObject() ? target.getAsJsonObject().get(name) : null;
            assertNotNull("unresolved " + ref, target);
        }
        return target;
    }

    private void assertRefsResolve(JsonElement element) {
        if (element.isJsonObject()) {
            resolve(element);
            element.getAsJsonObject().entrySet().forEach(e -> assertRefsResolve(e.getValue()));
        } else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(this::assertRefsResolve);
        }
    }

    /** A signed request as a client would send it, with an empty JSON object as the body where one is usual. */
    private HttpResponse<String> probe(String method, String path) throws IOException, InterruptedException {
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return api.send(method, path, withBody ? "{}" : null, Map.of());
    }

    /**
     * Whether a route answered, rather than the servlet finding none: not 405, and not 404 unless
     * the 404 names the made-up id as a missing resource of that route. The servlet's own "no such
     * resource: path", and an area's refusal of a sub-path, name no resource.
     */
    private static boolean routed(HttpResponse<String> response) {
        if (response.statusCode() == 405) {
            return false;
        }
        if (response.statusCode() != 404) {
            return true;
        }
        String message = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error").get("message")
                .getAsString();
        return message.contains(PROBE) && !message.startsWith("no such resource");
    }
}
