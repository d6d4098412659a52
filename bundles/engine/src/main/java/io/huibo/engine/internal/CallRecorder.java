package io.huibo.engine.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Call;
import io.huibo.api.spi.CallWriter;

/**
 * Writes call records behind the SIP threads: a change of a call replaces its pending snapshot,
 * which one writer thread stores {@link #LINGER_MILLIS} after the call's first unwritten change,
 * together with the other calls' due by then, in one transaction. So a call's changes of that
 * while (ringing, answered, bridged) are written once, a commit's disk write serves many calls,
 * and the answer to a phone never waits for the disk. A call's snapshots reach the store in order
 * (one writer, latest wins). {@link #flush(String)} waits until one call's record is durable, for
 * a callback whose id the API is about to hand out: the writer writes the calls being flushed
 * ahead of the lingering ones, in a small transaction that every request waiting meanwhile
 * shares (group commit). {@link #close()} drains everything. A crash loses at most the changes of
 * the last linger, and the calls it leaves open are closed at the next start.
 */
final class CallRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);
    private static final long RETRY_MILLIS = 1000;
    private static final long LINGER_MILLIS = 250;
    private static final long LINGER_NANOS = LINGER_MILLIS * 1_000_000;
    private static final long FLUSH_TIMEOUT_MILLIS = 10_000;
    /** Calls a batch of lingered changes holds at most: a flush waits for one such batch. */
    private static final int CHUNK = 64;

    private final CallWriter store;
    /** Each call's snapshot not written yet, in the order their first change came. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** Calls whose pending snapshot a flush waits for: always pending too, as take() drops both. */
    private final Set<String> urgent = new LinkedHashSet<>();
    /** Calls of the batch being written. */
    private final Set<String> writing = new HashSet<>();
    /** Whether the last batch was of calls being flushed: lingered changes go next. */
    private boolean urgentTurn;
    private final Thread writer;
    private boolean closed;
    private boolean writerStopped;

    CallRecorder(CallWriter store) {
        this.store = store;
        this.writer = new Thread(this::writeLoop, "huibo-call-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the call's snapshot, replacing any not yet written. */
    synchronized void record(Call snapshot) {
        if (pending.isEmpty()) {
            notifyAll(); // the writer waits for the first; it then lingers for more
        }
        Pending earlier = pending.get(snapshot.id());
        pending.put(snapshot.id(), new Pending(snapshot, earlier == null ? System.nanoTime() : earlier.since()));
    }

    /** A call's latest snapshot, pending since its first change that is not written yet. */
    private record Pending(Call call, long since) {
    }

    /**
     * Returns once the call's latest snapshot is stored: the writer takes it with the next batch of
     * calls being flushed.
     *
     * @throws IllegalStateException if the store has not taken it within {@link #FLUSH_TIMEOUT_MILLIS}
     */
    synchronized void flush(String callId) {
        long deadline = System.nanoTime() + FLUSH_TIMEOUT_MILLIS * 1_000_000;
        try {
            while (pending.containsKey(callId) || writing.contains(callId)) {
                if (pending.containsKey(callId) && urgent.add(callId)) {
                    notifyAll(); // again after a failed write put it back
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || writerStopped) {
                    throw new IllegalStateException("the record of call " + callId + " could not be stored");
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the record of call " + callId + " was stored", e);
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
        for (List<Call> batch = nextBatch(); batch != null; batch = nextBatch()) {
            try {
                store.saveAll(batch);
                written();
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
     * Waits for work: once the oldest pending snapshot has lingered, the pending calls in chunks of
     * {@link #CHUNK}, oldest first, taking turns with the calls being flushed, so that a flush
     * waits for one chunk at most; before that, the calls being flushed alone.
     *
     * @return null once closed with nothing left to write
     */
    private synchronized List<Call> nextBatch() {
        while (true) {
            if (closed) {
                return pending.isEmpty() ? null : take(new ArrayList<>(pending.keySet()));
            }
            long now = System.nanoTime();
            long lingered = pending.isEmpty() ? 0 : pending.values().iterator().next().since() + LINGER_NANOS - now;
            boolean lingerOver = !pending.isEmpty() && lingered <= 0;
            if (!urgent.isEmpty() && !(lingerOver && urgentTurn)) {
                urgentTurn = true;
                return take(new ArrayList<>(urgent));
            }
            if (lingerOver) {
                urgentTurn = false;
                return take(pending.entrySet().stream().takeWhile(e -> e.getValue().since() + LINGER_NANOS <= now)
                        .limit(CHUNK).map(Map.Entry::getKey).toList());
            }
            waitQuietly(pending.isEmpty() ? 0 : Math.max(1, lingered / 1_000_000));
        }
    }

    private List<Call> take(List<String> ids) {
        List<Call> batch = new ArrayList<>(ids.size());
        for (String id : ids) {
            batch.add(pending.remove(id).call());
            urgent.remove(id);
            writing.add(id);
        }
        return batch;
    }

    private synchronized void written() {
        writing.clear();
        notifyAll();
    }

    private synchronized void requeue(List<Call> batch) {
        writing.clear();
        long due = System.nanoTime() - LINGER_NANOS; // again at once
        batch.forEach(call -> pending.putIfAbsent(call.id(), new Pending(call, due))); // a newer snapshot wins
        notifyAll(); // the flushes waiting mark theirs urgent again
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
