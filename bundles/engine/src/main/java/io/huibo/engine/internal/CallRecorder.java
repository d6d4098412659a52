package io.huibo.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Call;
import io.huibo.api.CallStore;

/**
 * Writes call records behind the SIP threads: a change of a call replaces its pending snapshot,
 * and one writer thread stores all pending snapshots in one transaction, so a commit's disk write
 * serves many calls and never holds up the answer to a phone. A call's snapshots reach the store
 * in order (one writer, latest wins). {@link #flush(String)} makes one call's record durable now,
 * for a callback whose id the API is about to hand out; {@link #close()} drains everything. A
 * crash loses at most the last batch of changes, and the calls it leaves open are closed at the
 * next start.
 */
final class CallRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);
    private static final long RETRY_MILLIS = 1000;
    private static final long LINGER_MILLIS = 50;

    private final CallStore store;
    private final Map<String, Call> pending = new LinkedHashMap<>();
    /** Held while a snapshot taken from {@link #pending} is written, so no older one lands after a newer. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread writer;
    private boolean closed;

    CallRecorder(CallStore store) {
        this.store = store;
        this.writer = new Thread(this::writeLoop, "huibo-call-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the call's snapshot, replacing any not yet written. */
    synchronized void record(Call snapshot) {
        boolean first = pending.isEmpty();
        pending.put(snapshot.id(), snapshot);
        if (first) {
            notifyAll(); // the writer waits for the first; the rest join its batch
        }
    }

    /** Writes the call's pending snapshot now, on the caller's thread. */
    void flush(String callId) {
        writing.lock();
        try {
            Call snapshot;
            synchronized (this) {
                snapshot = pending.remove(callId);
            }
            if (snapshot != null) {
                store.saveAll(List.of(snapshot));
            }
        } finally {
            writing.unlock();
        }
    }

    /** Writes what is pending and stops the writer. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        while (awaitWork()) {
            List<Call> batch = List.of();
            boolean failed = false;
            writing.lock();
            try {
                batch = take();
                store.saveAll(batch);
            } catch (RuntimeException e) {
                LOG.error("Could not store {} call records; trying again in {} ms", batch.size(), RETRY_MILLIS, e);
                requeue(batch);
                failed = true;
            } finally {
                writing.unlock();
            }
            if (failed && !pauseAfterFailure()) {
                return;
            }
        }
    }

    /**
     * Waits for a snapshot, then {@link #LINGER_MILLIS} more, so that a call's changes of that
     * moment (ringing, answered, bridged come within milliseconds) are written once, not each.
     *
     * @return false once closed with nothing left to write
     */
    private synchronized boolean awaitWork() {
        while (true) {
            while (pending.isEmpty() && !closed) {
                waitQuietly(0);
            }
            long until = System.nanoTime() + LINGER_MILLIS * 1_000_000;
            while (!closed && System.nanoTime() < until) {
                waitQuietly(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            }
            if (!pending.isEmpty()) {
                return true;
            }
            if (closed) {
                return false;
            }
            // a flush took what there was meanwhile: wait for the next
        }
    }

    private synchronized List<Call> take() {
        List<Call> batch = new ArrayList<>(pending.values());
        pending.clear();
        return batch;
    }

    private synchronized void requeue(List<Call> batch) {
        batch.forEach(call -> pending.putIfAbsent(call.id(), call)); // a newer snapshot wins
    }

    /** @return false when closing: the next start closes the calls that could not be stored */
    private synchronized boolean pauseAfterFailure() {
        if (closed) {
            return false;
        }
        waitQuietly(RETRY_MILLIS);
        return true;
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            closed = true;
        }
    }
}
