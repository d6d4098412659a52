package io.huibo.engine.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a Digest credentials value as written ({@code Digest username="a", nc=00000001,
 * ...}, RFC 3261 §25.1), read in one pass: the answer must be checked against the exact text
 * the client hashed, which a parsed-and-re-encoded header need not keep.
 */
final class DigestParameters {

    private DigestParameters() {
    }

    /** Names (lower case) to values, unquoted; null unless a well-formed Digest value with each name once. */
    static Map<String, String> parse(String value) {
        String text = value.strip();
        if (text.length() < 7 || !text.regionMatches(true, 0, "Digest", 0, 6) || !Character.isWhitespace(text.charAt(6))) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        int i = 6;
        while (true) {
            i = skipSpace(text, i);
            int nameStart = i;
            while (i < text.length() && text.charAt(i) != '=' && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
            i = skipSpace(text, i);
            if (name.isEmpty() || i >= text.length() || text.charAt(i) != '=') {
                return null;
            }
            i = skipSpace(text, i + 1);
            StringBuilder parameter = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    parameter.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    return null; // unterminated quoted string
                }
                i++;
            } else {
                while (i < text.length() && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                    parameter.append(text.charAt(i++));
                }
            }
            if (parameters.put(name, parameter.toString()) != null) {
                return null; // a repeated name could say one thing to us and another to a proxy
            }
            i = skipSpace(text, i);
            if (i >= text.length()) {
                return parameters;
            }
            if (text.charAt(i) != ',') {
                return null;
            }
            i++;
        }
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
