package io.huibo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.huibo.api.ApiKey;
import io.huibo.api.Right;
import io.huibo.api.Tenant;

class ApiRequestTest {
    private static final Caller CALLER = new Caller(new ApiKey("k", "t1", Set.of(Right.BINDINGS), Instant.EPOCH, null),
            new Tenant("t1", "T1", "CN", null, Instant.EPOCH, null));

    /** A request whose only answer is its content type; the body is handed in read already. */
    private static ApiRequest request(String body) {
        HttpServletRequest http = (HttpServletRequest) Proxy.newProxyInstance(ApiRequestTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getContentType")) {
                        return "application/json; charset=UTF-8";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ApiRequest(http, CALLER, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(strings = {"{\"mode\": \"AXB\", \"ttlSeconds\": -1, \"ttlSeconds\": 120}", "{mode: \"AXB\"}",
            "{'mode': 'AXB'}", "{\"mode\": \"AXB\" /* c */}", ")]}'\n{\"mode\": \"AXB\"}", "{\"mode\": \"AXB\"} trailing",
            "{\"ttlSeconds\": NaN}", "[]"})
    void refusesLooseJsonAsInvalidRequest(String body) {
        ApiException e = assertThrows(ApiException.class, () -> request(body).jsonBody());
        assertEquals(400, e.status);
        assertEquals("INVALID_REQUEST", e.code);
    }

    @Test
    void namesTheFieldGivenTwice() {
        ApiException e = assertThrows(ApiException.class,
                () -> request("{\"ttlSeconds\": -1, \"ttlSeconds\": 120}").jsonBody());
        assertEquals("the body gives the name \"ttlSeconds\" twice", e.getMessage());
    }

    @Test
    void readsStrictJson() {
        assertEquals(120, request("{\"mode\": \"AXB\", \"ttlSeconds\": 120}").jsonBody().get("ttlSeconds").getAsInt());
    }
}
