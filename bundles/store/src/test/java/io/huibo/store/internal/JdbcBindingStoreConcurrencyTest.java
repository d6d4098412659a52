package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.huibo.api.BindingException;
import io.huibo.api.BindingException.Reason;
import io.huibo.api.BindingRequest;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/**
 * Fifty threads binding at once on a small pool, against a real database (Derby, and PostgreSQL
 * in the postgresql run): the invariant must hold afterwards, checked in SQL, and an exhausted
 * pool must say so. The rate is printed for the record, not asserted.
 */
@DatabaseTest
class JdbcBindingStoreConcurrencyTest {
    private static final int THREADS = 50;
    private static final int ROUNDS = 20;
    private static final String[] POOL = {"+8657188880001", "+8657188880002", "+8675588880001", "+8675588880002"};

    private DataSource dataSource;
    private JdbcBindingStore store;
    private final Instant now = Instant.now();

    @BeforeEach
    void smallPool() throws Exception {
        dataSource = TestDatabase.create();
        store = new JdbcBindingStore(dataSource, new KeyedRecordVault(new byte[32]));
        for (String x : POOL) {
            store.addNumber(new PoolNumber(PhoneNumber.ofE164(x), Tenant.DEFAULT, x.startsWith("+86571") ? "0571" : "0755", "s1", now));
        }
    }

    /** A valid mobile number of the 138 or 139 block, from a small index. */
    private static PhoneNumber mobile(String block, int index) {
        return PhoneNumber.ofE164(String.format("+86%s%08d", block, index));
    }

    @Test
    void fiftyThreadsOnFewNumbersNeverBindANumberTwiceOnOneX() throws Exception {
        AtomicInteger bound = new AtomicInteger();
        AtomicInteger exhausted = new AtomicInteger();
        long nanos = run(thread -> {
            Random random = new Random(thread);
            for (int round = 0; round < ROUNDS; round++) {
                // few distinct numbers, so pairs collide on every X and the pool runs out
                PhoneNumber a = mobile("138", random.nextInt(6));
                BindingRequest request = random.nextInt(8) == 0 ? JdbcBindingStoreTest.axn(a, "0571")
                        : JdbcBindingStoreTest.axb(a, mobile("139", random.nextInt(6)), random.nextBoolean() ? "0571" : "0755");
                try {
                    store.allocate("b_" + thread + "_" + round, request, Instant.now());
                    bound.incrementAndGet();
                } catch (BindingException e) {
                    assertEquals(Reason.NO_AVAILABLE_NUMBER, e.reason(), e.getMessage());
                    exhausted.incrementAndGet();
                }
            }
        });
        report("binding requests on colliding pairs (" + bound.get() + " bound, " + exhausted.get() + " refused)",
                bound.get() + exhausted.get(), nanos);
        assertEquals(0, JdbcBindingStoreTest.invariantBreaches(dataSource, Instant.now()));
        assertTrue(exhausted.get() > 0, "the pool ran out and said so");
        assertTrue(bound.get() >= POOL.length, "every number took at least one binding");
        assertEquals(THREADS * ROUNDS, bound.get() + exhausted.get());
    }

    @Test
    void fiftyThreadsWantingTheSameAGetOneBindingPerNumberAndTheRestAreRefused() throws Exception {
        AtomicInteger bound = new AtomicInteger();
        AtomicInteger exhausted = new AtomicInteger();
        run(thread -> {
            try {
                store.allocate("b_" + thread, JdbcBindingStoreTest.axb(mobile("138", 0), mobile("139", thread), null),
                        Instant.now());
                bound.incrementAndGet();
            } catch (BindingException e) {
                assertEquals(Reason.NO_AVAILABLE_NUMBER, e.reason());
                exhausted.incrementAndGet();
            }
        });
        assertEquals(POOL.length, bound.get(), "A can be on each X once");
        assertEquals(THREADS - POOL.length, exhausted.get());
        assertEquals(0, JdbcBindingStoreTest.invariantBreaches(dataSource, Instant.now()));
    }

    @Test
    void fiftyThreadsBindingDistinctPairsAllSucceed() throws Exception {
        AtomicInteger bound = new AtomicInteger();
        long nanos = run(thread -> {
            for (int round = 0; round < ROUNDS; round++) {
                int pair = thread * ROUNDS + round;
                store.allocate("b_" + pair, JdbcBindingStoreTest.axb(mobile("138", pair), mobile("139", pair), "0755"),
                        Instant.now());
                bound.incrementAndGet();
            }
        });
        report("binds of distinct pairs, all on one city's numbers", bound.get(), nanos);
        assertEquals(THREADS * ROUNDS, bound.get());
        assertEquals(0, JdbcBindingStoreTest.invariantBreaches(dataSource, Instant.now()));
    }

    /** What one thread does, given its number. */
    @FunctionalInterface
    private interface Task {
        void run(int thread) throws Exception;
    }

    /** Runs {@code task} on fifty threads released together; rethrows any failure. @return nanoseconds taken */
    private static long run(Task task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(threads.submit(() -> {
                start.await();
                task.run(thread);
                return null;
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        try {
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        return System.nanoTime() - began;
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf("%s: %d by %d threads in %.2f s, %.0f per second%n", what, count, THREADS, nanos / 1e9,
                count / (nanos / 1e9));
    }
}
