package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.huibo.api.spi.IdempotencyStore.Claim;
import io.huibo.api.spi.IdempotencyStore.Proceed;
import io.huibo.api.spi.IdempotencyStore.Refused;
import io.huibo.api.spi.IdempotencyStore.Replay;
import io.huibo.api.spi.IdempotencyStore.Why;
import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Idempotency keys, against a real database: Derby on disk, and PostgreSQL in the postgresql run. */
@DatabaseTest
class JdbcIdempotencyStoreTest {
    private static final String ANSWER = "{\"from\":\"+8613800138000\"}";
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private final DataSource dataSource = TestDatabase.create();
    private final JdbcIdempotencyStore store = store();

    private JdbcIdempotencyStore store() {
        try {
            return new JdbcIdempotencyStore(dataSource, new KeyedRecordVault(new byte[32]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCompletedKeyReplaysItsAnswerToItsApiKeyOnly() throws Exception {
        assertEquals(new Proceed(), store.claim("t1", "k_1", "idem-1", "h1", now));
        store.complete("t1", "k_1", "idem-1", 201, "/api/v1/callbacks/c_1", ANSWER);

        assertEquals(new Replay(201, "/api/v1/callbacks/c_1", ANSWER), store.claim("t1", "k_1", "idem-1", "h1", now.plusSeconds(5)));
        assertEquals(new Refused(Why.OTHER_REQUEST), store.claim("t1", "k_1", "idem-1", "h2", now.plusSeconds(5)));
        // another key of the tenant learns nothing, not even whether its request was the same
        assertEquals(new Refused(Why.OTHER_API_KEY), store.claim("t1", "k_2", "idem-1", "h1", now.plusSeconds(5)));
        assertEquals(new Refused(Why.OTHER_API_KEY), store.claim("t1", "k_2", "idem-1", "h2", now.plusSeconds(5)));
        assertEquals(new Proceed(), store.claim("t2", "k_3", "idem-1", "h1", now.plusSeconds(5)), "each tenant has its own keys");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body FROM huibo_idempotency WHERE tenant_id = 't1'")) {
            rs.next();
            assertFalse(rs.getString(1).contains("+8613800138000"), "the answer is sealed at rest");
        }
    }

    @Test
    void aKeyInProgressRefusesItsRepeatUntilReleased() {
        assertEquals(new Proceed(), store.claim("t1", "k_1", "idem-1", "h1", now));
        assertEquals(new Refused(Why.IN_PROGRESS), store.claim("t1", "k_1", "idem-1", "h1", now.plusSeconds(1)));

        store.release("t1", "k_1", "idem-1");
        assertEquals(new Proceed(), store.claim("t1", "k_1", "idem-1", "h1", now.plusSeconds(2)), "a failed request may be tried again");
    }

    @Test
    void anotherApiKeyCannotReleaseOrCompleteTheKey() {
        assertEquals(new Proceed(), store.claim("t1", "k_1", "idem-1", "h1", now));
        store.release("t1", "k_2", "idem-1");
        store.complete("t1", "k_2", "idem-1", 200, null, ANSWER);
        assertEquals(new Refused(Why.IN_PROGRESS), store.claim("t1", "k_1", "idem-1", "h1", now.plusSeconds(1)));
    }

    @Test
    void aKeyIsForgottenAfterADay() {
        assertEquals(new Proceed(), store.claim("t1", "k_1", "idem-1", "h1", now));
        store.complete("t1", "k_1", "idem-1", 201, null, ANSWER);
        assertEquals(new Proceed(), store.claim("t1", "k_2", "idem-1", "h2", now.plus(JdbcIdempotencyStore.KEPT).plusSeconds(1)));
    }

    @Test
    void ofRequestsRacingWithOneKeyExactlyOneProceeds() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                claims.add(() -> store.claim("t1", "k_1", "idem-race", "h1", now));
            }
            List<Claim> got = new ArrayList<>();
            for (Future<Claim> claim : pool.invokeAll(claims)) {
                got.add(claim.get());
            }
            assertEquals(1, got.stream().filter(Proceed.class::isInstance).count(), got.toString());
            assertEquals(racers - 1, got.stream().filter(new Refused(Why.IN_PROGRESS)::equals).count(), got.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
