package io.huibo.store.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of calls stopped: the last call's creation time and id, which order the list
 * (newest first) without gaps or repeats when calls arrive between pages. Opaque to clients.
 */
record CallCursor(long createdAt, String id) {

    CallCursor(Instant createdAt, String id) {
        this(createdAt.toEpochMilli(), id);
    }

    String format() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException if {@code cursor} is not one {@link #format()} made */
    static CallCursor parse(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new CallCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a cursor of this API: " + cursor, e);
        }
    }
}
