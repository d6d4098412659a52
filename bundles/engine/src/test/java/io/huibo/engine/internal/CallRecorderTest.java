package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.api.spi.CallWriter;

class CallRecorderTest {
    private static final PhoneNumber A = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber B = PhoneNumber.ofE164("+8613900139000");

    /** A store that keeps the last record of each call and counts its transactions; optionally failing a while. */
    private static final class CountingStore implements CallWriter {
        final Map<String, Call> saved = new ConcurrentHashMap<>();
        final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failuresLeft = new AtomicInteger();

        @Override
        public void save(Call call) {
            saveAll(List.of(call));
        }

        @Override
        public void saveAll(Collection<Call> calls) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the database is away");
            }
            try {
                Thread.sleep(20); // a durable commit's disk write
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls.forEach(call -> saved.put(call.id(), call));
            batchSizes.add(calls.size());
        }

        @Override
        public List<Call> closeUnfinished(Instant now) {
            throw new UnsupportedOperationException();
        }
    }

    private static Call call(String id, CallState state) {
        return new Call(id, Tenant.DEFAULT, CallKind.CALLBACK, null, state, A, B, B, null, null, List.of(), Instant.EPOCH,
                null, null, null, null);
    }

    @Test
    void manyCallsChangesShareFewTransactionsAndTheLastSnapshotOfEachWins() {
        CountingStore store = new CountingStore();
        try (CallRecorder recorder = new CallRecorder(store)) {
            for (int i = 0; i < 200; i++) {
                recorder.record(call("c_" + (i % 50), CallState.CALLING_FROM));
                recorder.record(call("c_" + (i % 50), i >= 150 ? CallState.ENDED : CallState.BRIDGED));
            }
        }
        assertEquals(50, store.saved.size());
        store.saved.values().forEach(c -> assertEquals(CallState.ENDED, c.state(), c.id()));
        assertTrue(store.batchSizes.size() < 50, "batched: " + store.batchSizes);
    }

    @Test
    void theWriterGoesOnAfterAFlushTookAllThereWas() throws Exception {
        CountingStore store = new CountingStore();
        try (CallRecorder recorder = new CallRecorder(store)) {
            recorder.record(call("c_flushed", CallState.CALLING_FROM));
            recorder.flush("c_flushed"); // within the writer's linger: it wakes to nothing
            Thread.sleep(200);
            recorder.record(call("c_later", CallState.BRIDGED));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!store.saved.containsKey("c_later") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(store.saved.containsKey("c_later"), "the writer still writes");
        }
    }

    @Test
    void flushWritesOneCallNowAndFailedBatchesAreRetried() throws Exception {
        CountingStore store = new CountingStore();
        try (CallRecorder recorder = new CallRecorder(store)) {
            recorder.record(call("c_api", CallState.CALLING_FROM));
            recorder.flush("c_api");
            assertEquals(CallState.CALLING_FROM, store.saved.get("c_api").state(), "durable when flush returns");

            store.failuresLeft.set(1);
            recorder.record(call("c_late", CallState.ENDED));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!store.saved.containsKey("c_late") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(CallState.ENDED, store.saved.get("c_late").state(), "stored after the database came back");
        }
    }

    @Test
    void aFlushWritesItsCallAheadOfOtherCallsChanges() {
        CountingStore store = new CountingStore();
        try (CallRecorder recorder = new CallRecorder(store)) {
            for (int i = 0; i < 100; i++) {
                recorder.record(call("c_" + i, CallState.BRIDGED));
            }
            recorder.record(call("c_api", CallState.CALLING_FROM));
            recorder.flush("c_api");
            assertTrue(store.saved.containsKey("c_api"), "durable when flush returns");
            assertEquals(1, store.batchSizes.get(0), "written alone, not with the 100 lingering changes");
        }
        assertEquals(101, store.saved.size(), "the rest written by the close at the latest");
    }

    @Test
    void concurrentFlushesShareCommitsAndEachReturnsDurable() throws Exception {
        CountingStore store = new CountingStore();
        try (CallRecorder recorder = new CallRecorder(store)) {
            List<Thread> apiThreads = new ArrayList<>();
            List<String> notDurable = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 40; i++) {
                String id = "c_" + i;
                Thread t = new Thread(() -> {
                    recorder.record(call(id, CallState.CALLING_FROM));
                    recorder.flush(id);
                    if (!store.saved.containsKey(id)) {
                        notDurable.add(id);
                    }
                });
                apiThreads.add(t);
                t.start();
            }
            for (Thread t : apiThreads) {
                t.join(10_000);
            }
            assertEquals(List.of(), notDurable, "every flush returned with its record stored");
            assertEquals(40, store.saved.size());
            assertTrue(store.batchSizes.size() < 20, "40 flushes shared commits: " + store.batchSizes);
        }
    }

    @Test
    void aFlushWaitsOutAFailedCommitAndAnUnknownCallReturnsAtOnce() {
        CountingStore store = new CountingStore();
        try (CallRecorder recorder = new CallRecorder(store)) {
            recorder.flush("c_never_recorded");
            assertTrue(store.batchSizes.isEmpty(), "nothing to write, nothing written");
            store.failuresLeft.set(1);
            recorder.record(call("c_retried", CallState.CALLING_FROM));
            recorder.flush("c_retried");
            assertEquals(CallState.CALLING_FROM, store.saved.get("c_retried").state(), "durable after the retry");
        }
    }
}
