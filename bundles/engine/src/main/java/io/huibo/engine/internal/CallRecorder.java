package io.huibo.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Call;
import io.huibo.api.CallStore;

/**
 * Writes call records behind the SIP threads: a change of a call replaces its pending snapshot,
 * and one writer thread stores all pending snapshots in one transaction, so a commit's disk write
 * serves many calls and never holds up the answer to a phone. A call's snapshots reach the store
 * in order (one writer, latest wins). {@link #flush(String)} waits until one call's record is
 * durable, for a callback whose id the API is about to hand out: the writer then starts its next
 * batch at once, and every request waiting meanwhile shares that batch's commit (group commit).
 * {@link #close()} drains everything. A crash loses at most the last batch of changes, and the
 * calls it leaves open are closed at the next start.
 */
final class CallRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);
    private static final long RETRY_MILLIS = 1000;
    private static final long LINGER_MILLIS = 50;
    private static final long FLUSH_TIMEOUT_MILLIS = 10_000;

    private final CallStore store;
    private final Map<String, Call> pending = new LinkedHashMap<>();
    private final Thread writer;
    private boolean closed;
    private boolean writerStopped;
    /** Batches the writer has taken from {@link #pending}, and of those the ones stored. */
    private long taken;
    private long stored;
    /** Flushes waiting: the writer skips its linger while there are any. */
    private int flushing;

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

    /**
     * Returns once the call's latest snapshot is stored: with the batch the writer starts next if
     * the snapshot is still pending, else with the batch in flight.
     *
     * @throws IllegalStateException if the store has not taken it within {@link #FLUSH_TIMEOUT_MILLIS}
     */
    synchronized void flush(String callId) {
        long needed = pending.containsKey(callId) ? taken + 1 : taken;
        if (stored >= needed) {
            return;
        }
        flushing++;
        notifyAll();
        try {
            long deadline = System.nanoTime() + FLUSH_TIMEOUT_MILLIS * 1_000_000;
            while (stored < needed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || writerStopped) {
                    throw new IllegalStateException("the record of call " + callId + " could not be stored");
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the record of call " + callId + " was stored", e);
        } finally {
            flushing--;
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
        try {
            write();
        } finally {
            synchronized (this) {
                writerStopped = true;
                notifyAll(); // a flush still waiting fails now rather than at its timeout
            }
        }
    }

    private void write() {
        while (awaitWork()) {
            List<Call> batch = take();
            try {
                store.saveAll(batch);
                stored();
            } catch (RuntimeException e) {
                LOG.error("Could not store {} call records; trying again in {} ms", batch.size(), RETRY_MILLIS, e);
                requeue(batch);
                if (!pauseAfterFailure()) {
                    return;
                }
            }
        }
    }

    /**
     * Waits for a snapshot, then {@link #LINGER_MILLIS} more, so that a call's changes of that
     * moment (ringing, answered, bridged come within milliseconds) are written once, not each;
     * no more once a flush waits. Under load the batch fills while the one before is written.
     *
     * @return false once closed with nothing left to write
     */
    private synchronized boolean awaitWork() {
        while (pending.isEmpty() && !closed) {
            waitQuietly(0);
        }
        long until = System.nanoTime() + LINGER_MILLIS * 1_000_000;
        while (!closed && flushing == 0 && System.nanoTime() < until) {
            waitQuietly(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        }
        return !pending.isEmpty();
    }

    private synchronized List<Call> take() {
        List<Call> batch = new ArrayList<>(pending.values());
        pending.clear();
        taken++;
        return batch;
    }

    private synchronized void stored() {
        stored = taken;
        notifyAll();
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
