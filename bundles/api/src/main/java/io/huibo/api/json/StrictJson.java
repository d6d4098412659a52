package io.huibo.api.json;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

/**
 * Parses JSON as RFC 8259 writes it and nothing looser. Gson's own parsing is lenient: it takes
 * unquoted names and strings, single quotes, comments, a {@code )]}'} prefix, {@code NaN}, and
 * keeps the last of a name given twice, so {@code {"ttlSeconds": -1, "ttlSeconds": 120}} passes a
 * check of the first value and acts on the second. Here each of those, trailing content and
 * malformed UTF-8 are refused, and numbers beyond double's range. Gson's nesting limit still applies.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** The body, UTF-8 encoded, as the single JSON object it must be. */
    public static JsonObject parseObject(byte[] utf8) throws InvalidJsonException {
        try {
            return parseObject(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString());
        } catch (CharacterCodingException e) {
            throw new InvalidJsonException("the body is not UTF-8");
        }
    }

    /** The text as the single JSON object it must be. */
    public static JsonObject parseObject(String text) throws InvalidJsonException {
        JsonElement element = parse(text);
        if (!element.isJsonObject()) {
            throw new InvalidJsonException("the body must be a JSON object");
        }
        return element.getAsJsonObject();
    }

    /** The text as the single JSON value it must be. */
    public static JsonElement parse(String text) throws InvalidJsonException {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new InvalidJsonException("the body has content after its JSON value");
            }
            return element;
        } catch (MalformedJsonException | IllegalStateException | NumberFormatException e) {
            throw new InvalidJsonException("the body is not well-formed JSON");
        } catch (IOException e) {
            // the end of the text before the end of its value
            throw new InvalidJsonException("the body is not well-formed JSON");
        }
    }

    private static JsonElement read(JsonReader reader) throws IOException, InvalidJsonException {
        return switch (reader.peek()) {
            case BEGIN_OBJECT -> readObject(reader);
            case BEGIN_ARRAY -> readArray(reader);
            case STRING -> new JsonPrimitive(reader.nextString());
            case NUMBER -> number(reader.nextString());
            case BOOLEAN -> new JsonPrimitive(reader.nextBoolean());
            case NULL -> {
                reader.nextNull();
                yield JsonNull.INSTANCE;
            }
            default -> throw new MalformedJsonException("unexpected " + reader.peek());
        };
    }

    /** A number within double's range: beyond it, converting one (1e999999999) costs what the client chooses. */
    private static JsonPrimitive number(String text) throws InvalidJsonException {
        if (Double.isInfinite(Double.parseDouble(text))) {
            throw new InvalidJsonException("the body holds a number out of range");
        }
        return new JsonPrimitive(new BigDecimal(text));
    }

    private static JsonObject readObject(JsonReader reader) throws IOException, InvalidJsonException {
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            if (object.has(name)) {
                throw new InvalidJsonException("the body gives the name " + quoted(name) + " twice");
            }
            object.add(name, read(reader));
        }
        reader.endObject();
        return object;
    }

    private static JsonArray readArray(JsonReader reader) throws IOException, InvalidJsonException {
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) {
            array.add(read(reader));
        }
        reader.endArray();
        return array;
    }

    /** A name for an error message: short, and printable whatever the client sent. */
    private static String quoted(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return "\"" + shown.replaceAll("[^\\x20-\\x7E\\u00A0-\\uFFFF]", "?") + "\"";
    }
}
