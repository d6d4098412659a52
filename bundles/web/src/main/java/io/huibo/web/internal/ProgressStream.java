package io.huibo.web.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.servlet.AsyncContext;

import com.google.gson.JsonObject;

import io.huibo.api.CallState;

/**
 * One page's Server-Sent Events stream of one call's progress: each state once and only forward,
 * as events and the first look at the store may arrive in either order; closed once ended.
 * Progress only: a state and, at the end, the outcome, never a number.
 */
final class ProgressStream {
    private final AsyncContext async;
    private final OutputStream out;
    private CallState shown;
    private boolean closed;

    ProgressStream(AsyncContext async, OutputStream out) {
        this.async = async;
        this.out = out;
    }

    synchronized void show(CallState state, String outcome) {
        if (closed || (shown != null && state.compareTo(shown) <= 0)) {
            return;
        }
        shown = state;
        JsonObject data = new JsonObject();
        data.addProperty("state", state.wireName());
        if (outcome != null) {
            data.addProperty("outcome", outcome);
        }
        try {
            out.write(("event: progress\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException pageLeft) {
            close();
            return;
        }
        if (state == CallState.ENDED) {
            close();
        }
    }

    /** Ends the response, unless the container already has (a timeout, an error, the page gone). */
    synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                async.complete();
            } catch (IllegalStateException alreadyComplete) {
                // the container completed it first: nothing left to end
            }
        }
    }

    /** The container completed the response: write nothing more. */
    synchronized void completed() {
        closed = true;
    }
}
