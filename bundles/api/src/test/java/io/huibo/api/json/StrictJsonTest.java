package io.huibo.api.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;

class StrictJsonTest {

    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(strings = {
            "{ttlSeconds: 120}", // unquoted name
            "{'ttlSeconds': 120}", // single-quoted name
            "{\"mode\": 'AXB'}", // single-quoted string
            "{\"mode\": AXB}", // unquoted string
            "{\"a\": 1 /* comment */}",
            "{\"a\": 1 // comment\n}",
            "# comment\n{\"a\": 1}",
            ")]}'\n{\"a\": 1}", // the anti-hijacking prefix Gson skips
            "{\"a\": 1} x", // trailing garbage
            "{\"a\": 1}{\"a\": 2}", // two documents
            "{\"a\": 1};",
            "{\"a\": NaN}",
            "{\"a\": Infinity}",
            "{\"a\": -Infinity}",
            "{\"a\": 1e999}", // beyond double
            "{\"a\" = 1}",
            "{\"a\" => 1}",
            "{\"a\": 1; \"b\": 2}",
            "{\"a\": 1,}", // trailing comma
            "{\"a\": [1,]}",
            "{\"a\": [1,,2]}",
            "{\"a\": \"\\'\"}", // an escape JSON has not
            "{\"a\": \"tab\there\"}", // an unescaped control character
            "{\"a\": 01}",
            "{\"a\": 1", // cut short
            "",
            "   ",
            "{\"ttlSeconds\": -1, \"ttlSeconds\": 120}", // a name given twice
            "{\"a\": 1, \"a\": 1}",
            "{\"x\": {\"b\": 1, \"b\": 2}}", // twice, one level down
            "{\"x\": [{\"b\": 1, \"b\": 2}]}",
            "[{\"a\": 1}]", // not an object
            "\"text\"",
            "null",
    })
    void refusesLooseOrAmbiguousJson(String text) {
        assertThrows(InvalidJsonException.class, () -> StrictJson.parseObject(text));
        assertThrows(InvalidJsonException.class, () -> StrictJson.parseObject(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void namesTheNameGivenTwice() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> StrictJson.parseObject("{\"ttlSeconds\": -1, \"ttlSeconds\": 120}"));
        assertEquals("the body gives the name \"ttlSeconds\" twice", e.getMessage());
    }

    @Test
    void refusesMalformedUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> StrictJson.parseObject(body));
        assertEquals("the body is not UTF-8", e.getMessage());
    }

    @Test
    void keepsGsonsNestingLimit() {
        String deep = "{\"a\":".repeat(300) + "1" + "}".repeat(300);
        assertThrows(InvalidJsonException.class, () -> StrictJson.parseObject(deep));
    }

    @Test
    void readsStrictJsonWhole() throws InvalidJsonException {
        JsonObject json = StrictJson.parseObject((" {\"mode\": \"AXB\", \"ttlSeconds\": 7200, \"ratio\": -1.5e2,"
                + " \"x\": null, \"ok\": true, \"tags\": [\"a\", 2, {\"n\": false}], \"name\": \"\\u6c47\\\"\\n\","
                + " \"nested\": {\"mode\": \"AXN\"}, \"汇\": \"博\"}\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("AXB", json.get("mode").getAsString());
        assertEquals(7200, json.get("ttlSeconds").getAsInt());
        assertEquals(-150.0, json.get("ratio").getAsDouble());
        assertTrue(json.get("x").isJsonNull());
        assertTrue(json.get("ok").getAsBoolean());
        assertEquals(3, json.getAsJsonArray("tags").size());
        assertEquals("汇\"\n", json.get("name").getAsString());
        assertEquals("AXN", json.getAsJsonObject("nested").get("mode").getAsString());
        assertEquals("博", json.get("汇").getAsString());
        assertArrayEquals(new String[] {"mode", "ttlSeconds", "ratio", "x", "ok", "tags", "name", "nested", "汇"},
                json.keySet().toArray(String[]::new));
    }

    @Test
    void allowsTheSameNameInDifferentObjects() throws InvalidJsonException {
        JsonObject json = StrictJson.parseObject("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}, {\"a\": 3}]}");
        assertEquals(1, json.getAsJsonObject("a").get("a").getAsInt());
    }
}
