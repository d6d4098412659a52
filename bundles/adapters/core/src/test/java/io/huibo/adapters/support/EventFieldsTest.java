package io.huibo.adapters.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.huibo.api.adapter.AdapterException;

class EventFieldsTest {

    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(strings = {"{\"room\": \"r1\", \"room\": \"r2\"}", "{room: \"r1\"}", "{'room': 'r1'}",
            "{\"room\": \"r1\"} // c", ")]}'\n{\"room\": \"r1\"}", "{\"room\": \"r1\"}]", "[\"r1\"]", "not json"})
    void refusesAllButOneStrictObject(String body) {
        AdapterException e = assertThrows(AdapterException.class, () -> EventFields.parse(body));
        assertEquals(400, e.status());
        assertEquals("INVALID_REQUEST", e.code());
    }

    @Test
    void readsAStrictObject() throws AdapterException {
        assertEquals("r1", EventFields.parse("{\"room\": \" r1 \"}").id("room"));
    }
}
