package io.huibo.api;

import java.util.List;

/** One page of call records, and the cursor of the next, null when this is the last. */
public record CallPage(List<Call> items, String next) {

    public CallPage {
        items = List.copyOf(items);
    }
}
